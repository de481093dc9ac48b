import ConsoleApp
import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient
import RDSServer
import TerminalKit

/// A state served by the real `rds-console serve` on a free loopback port,
/// with a read-write and a read-only key: what a team sharing one state has.
final class ServedState {
    static var binary: String { Binary.path }

    let dir: String
    let engine: Engine
    let port: Int
    let key: (id: String, secret: String)
    let readOnlyKey: (id: String, secret: String)
    private let server = Process()

    init(options: DemoFleet.Options = .standard, serveArguments: [String] = []) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-remote-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let engine = try Engine.open(path: dir + "/state.sqlite", firstRun: options)
        let box = try SecretBox.load(path: dir + "/secrets.key", create: true)
        func newKey(readOnly: Bool) throws -> (id: String, secret: String) {
            let (id, secret) = SecretBox.newCredentials()
            try AccessKeys(engine.store).add(AccessKeyRecord(id: id, sealedSecret: try box.seal(secret), readOnly: readOnly, createdAt: 0))
            return (id, secret)
        }
        self.engine = engine
        key = try newKey(readOnly: false)
        readOnlyKey = try newKey(readOnly: true)
        port = Loopback.freePort()
        server.executableURL = URL(fileURLWithPath: Self.binary)
        server.arguments = ["serve", "--state", dir + "/state.sqlite", "--port", String(port)] + serveArguments
        server.environment = ProcessInfo.processInfo.environment.merging(["RDS_CONSOLE_SECRETS_KEY": dir + "/secrets.key"]) { $1 }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        for _ in 0..<400 where !Loopback.canConnect(port: port) { usleep(25_000) }
    }

    deinit {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func remote(readOnly: Bool = false, freshness: TimeInterval = 0.25) throws -> RemoteState {
        let k = readOnly ? readOnlyKey : key
        return RemoteState(client: try OpenAPIClient(endpoint: "127.0.0.1:\(port)", accessKeyID: k.id, secret: k.secret),
                           freshness: freshness)
    }

    func console(readOnly: Bool = false) throws -> Console {
        Console(engine: try remote(readOnly: readOnly), palette: Palette(theme: BuiltinThemes.mono, colors: 256))
    }
}

extension Console {
    func screen() -> String { render(width: 120, height: 40).text }

    /// Redraws until `text` shows or `seconds` pass; how long it took, or nil.
    func waitFor(_ text: String, seconds: Double = 1.0) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) <= seconds {
            if screen().contains(text) { return Date().timeIntervalSince(start) }
            usleep(20_000)
        }
        return nil
    }
}
