import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient
import RDSServer

/// `rds-console serve` on a benchmark's state, with a fresh read-write key.
final class BenchServer {
    let port: Int
    /// The `rds-console` beside this benchmark.
    let binary: String
    let keyID: String
    let secret: String
    private let process: Process

    init(engine: Engine, dir: String, serveArguments: [String] = []) throws {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let serveBinary = bin.appendingPathComponent("rds-console").path
        binary = serveBinary
        guard FileManager.default.isExecutableFile(atPath: serveBinary) else {
            print("this benchmark needs \(serveBinary): build both first (swift build -c release)")
            exit(2)
        }
        let box = try SecretBox.load(path: dir + "/secrets.key", create: true)
        (keyID, secret) = SecretBox.newCredentials()
        try AccessKeys(engine.store).add(AccessKeyRecord(id: keyID, sealedSecret: try box.seal(secret), readOnly: false, createdAt: 0))
        port = Loopback.freePort()
        process = try Self.spawn(serveBinary, ["serve", "--state", engine.store.path, "--port", String(port)] + serveArguments,
                                 environment: ["RDS_CONSOLE_SECRETS_KEY": dir + "/secrets.key"])
        Self.waitUntilListening(port)
    }

    deinit { Self.stop(process) }

    static func spawn(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func stop(_ p: Process) {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    static func waitUntilListening(_ port: Int) {
        for _ in 0..<400 where !Loopback.canConnect(port: port) { usleep(25_000) }
    }
}
