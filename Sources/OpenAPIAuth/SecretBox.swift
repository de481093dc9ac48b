import Crypto
import Foundation

/// Seals access-key secrets with a key kept outside the state file
/// (`$XDG_CONFIG_HOME/rds-console/secrets.key`, mode 0600): HMAC signing needs
/// the secret itself, so it cannot be hashed; sealed, a stolen state file
/// alone does not reveal it.
public struct SecretBox: Sendable {
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(key: SymmetricKey) {
        keyBytes = key.withUnsafeBytes { [UInt8]($0) }
    }

    /// The key file's default place.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["RDS_CONSOLE_SECRETS_KEY"], !p.isEmpty { return p }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/rds-console/secrets.key"
    }

    /// Loads the key file, creating it (0600) when `create` and it does not exist.
    public static func load(path: String, create: Bool) throws -> SecretBox {
        let fm = FileManager.default
        if let data = fm.contents(atPath: path) {
            guard data.count == 32 else { throw AuthFailure(code: "InvalidKeyFile", message: "\(path) is not a 32-byte key.", status: 500) }
            return SecretBox(key: SymmetricKey(data: data))
        }
        guard create else {
            throw AuthFailure(code: "InvalidKeyFile", message: "no key file at \(path): create an access key first.", status: 500)
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard fm.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw AuthFailure(code: "InvalidKeyFile", message: "cannot write \(path).", status: 500)
        }
        return SecretBox(key: key)
    }

    public func seal(_ secret: String) throws -> [UInt8] {
        [UInt8](try AES.GCM.seal(Data(secret.utf8), using: key).combined!)
    }

    public func open(_ sealed: [UInt8]) throws -> String {
        let box = try AES.GCM.SealedBox(combined: Data(sealed))
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }

    /// A new AccessKey ID and secret, in the console's style.
    public static func newCredentials() -> (id: String, secret: String) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var rng = SystemRandomNumberGenerator()
        func pick(_ n: Int) -> String { String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }) }
        return ("LTAI" + pick(20), pick(30))
    }
}
