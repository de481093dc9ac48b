import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Loads the key file, creating it when `create` and it does not exist:
    /// 0600 from its first byte (in a folder made 0700). A key file that
    /// others may read, or that someone else owns, is refused, as ssh refuses
    /// a private key.
    public static func load(path: String, create: Bool) throws -> SecretBox {
        func failure(_ message: String) -> AuthFailure { AuthFailure(code: "InvalidKeyFile", message: message, status: 500) }
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { throw failure("\(path) is not a regular file.") }
            guard info.st_uid == geteuid() else {
                throw failure("\(path) belongs to another user (uid \(info.st_uid)); the key file must be yours.")
            }
            let mode = info.st_mode & 0o777
            guard mode & 0o077 == 0 else {
                throw failure("\(path) may be read by others (mode \(String(mode, radix: 8))): anyone who reads it can sign as your access keys. Run chmod 600 \(path).")
            }
            guard let data = FileManager.default.contents(atPath: path), data.count == 32 else {
                throw failure("\(path) is not a 32-byte key.")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        guard create else { throw failure("no key file at \(path): create an access key first.") }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try makeDirectory(dir, failure)
        let key = SymmetricKey(size: .bits256)
        // O_EXCL: never through a file or link someone put there; 0600 from the first byte.
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(path): \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == 32, fsync(fd) == 0 else {
            unlink(path)
            throw failure("cannot write \(path): \(String(cString: strerror(errno))).")
        }
        return SecretBox(key: key)
    }

    /// Makes `dir` and its missing parents; the ones made here are 0700.
    private static func makeDirectory(_ dir: String, _ failure: (String) -> AuthFailure) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else { throw failure("\(dir) is not a folder.") }
            return
        }
        let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        if parent != dir { try makeDirectory(parent, failure) }
        guard mkdir(dir, 0o700) == 0 || errno == EEXIST else {
            throw failure("cannot create the folder \(dir): \(String(cString: strerror(errno))).")
        }
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
