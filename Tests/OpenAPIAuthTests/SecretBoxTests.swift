import Foundation
import Testing
@testable import OpenAPIAuth

@Suite("The key file")
struct SecretBoxTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-keys-\(UUID().uuidString)").path

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    @Test("Created 0600 in a folder made 0700; in a folder that exists (0755) the folder is left as it is")
    func modes() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config/rds-console/secrets.key"
        let box = try SecretBox.load(path: path, create: true)
        #expect(try mode(path) == 0o600)
        #expect(try mode(dir + "/config/rds-console") == 0o700)
        #expect(try mode(dir + "/config") == 0o700)
        #expect(try SecretBox.load(path: path, create: false).open(box.seal("s3cret")) == "s3cret")

        let shared = dir + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        _ = try SecretBox.load(path: shared + "/secrets.key", create: true)
        #expect(try mode(shared + "/secrets.key") == 0o600)
        #expect(try mode(shared) == 0o755)
    }

    @Test("A key file others may read is refused with how to fix it; so is one that is not a key")
    func refusals() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/secrets.key"
        _ = try SecretBox.load(path: path, create: true)
        chmod(path, 0o644)
        let e = #expect(throws: AuthFailure.self) { try SecretBox.load(path: path, create: false) }
        #expect(e?.message.contains("may be read by others (mode 644)") == true)
        #expect(e?.message.contains("chmod 600 \(path)") == true)
        chmod(path, 0o600)
        #expect(throws: Never.self) { try SecretBox.load(path: path, create: false) }
        try Data("short".utf8).write(to: URL(fileURLWithPath: dir + "/bad.key"))
        chmod(dir + "/bad.key", 0o600)
        #expect(throws: AuthFailure.self) { try SecretBox.load(path: dir + "/bad.key", create: false) }
        #expect(throws: AuthFailure.self) { try SecretBox.load(path: dir + "/none.key", create: false) }
    }
}
