import ArgumentParser
import CrossRegionEngine
import Foundation
import Logging
import OpenAPIAuth
import NIOSSL
import RDSServer

/// `rds-console serve`: the RDS OpenAPI over HTTP for the official SDKs.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the RDS OpenAPI over HTTP (RPC style, signed requests) on loopback.")

    @OptionGroup var options: StateOptions

    @Option(help: "Address to bind (loopback unless --allow-remote).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Allow binding an address other than loopback.")
    var allowRemote = false

    @Option(help: "Close a keep-alive connection idle this many seconds.")
    var idleTimeout = 60

    @Option(help: "Connections open at once; one more closes the connection idle the longest, or itself when every one is mid-request (default: from the descriptor limit, at most 1000).")
    var maxConnections: Int?

    @Flag(help: "Answer as the cloud does, as a stand-in for it: Local* actions are unknown APIs, and ModifyInstanceCrossBackupPolicy takes one instance.")
    var openapiOnly = false

    @Option(help: ArgumentHelp("Answer Throttling.User past this many requests a second per AccessKey, as the cloud's flow control does.",
                               valueName: "n"))
    var throttle: Int?

    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate (chain); needs --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @OptionGroup var clock: ClockOptions

    /// How long a request's write waits for another process's lock before answering 503.
    static let writeWait: TimeInterval = 2

    var loopback: Bool { host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.") }

    func validate() throws {
        guard loopback || allowRemote else {
            throw ValidationError("\(host) is not a loopback address; add --allow-remote to serve it.")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535.") }
        guard (1...86_400).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1 to 86400 seconds.") }
        if let m = maxConnections, !(1...100_000).contains(m) {
            throw ValidationError("--max-connections must be 1 to 100000.")
        }
        if let t = throttle, !(1...100_000).contains(t) {
            throw ValidationError("--throttle must be 1 to 100000 requests a second.")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
    }

    func run() async throws {
        let limits = ConnectionLimits(maxConnections: maxConnections ?? ConnectionLimits.defaultMaxConnections(),
                                      idleTimeout: .seconds(Int64(idleTimeout)))
        let engine: Engine
        let secrets: SecretBox
        let nonces: NonceLedger
        var tls: TLSConfiguration?
        do {
            if let tlsCert, let tlsKey {
                do {
                    tls = try Endpoint.tlsConfiguration(certificate: tlsCert, key: tlsKey)
                } catch {
                    throw EngineError(.invalidTLSFiles, "cannot use --tls-cert \(tlsCert) and --tls-key \(tlsKey): \(error)")
                }
            }
            engine = try options.openEngine()
            let problems = try engine.store.integrityProblems(quick: true)
            guard problems.isEmpty else {
                throw EngineError(.stateFileDamaged,
                                  "\(engine.store.path) is damaged (\(problems.prefix(3).joined(separator: "; "))); serve refuses it. See rds-console status --check, and restore it from a copy.")
            }
            try engine.store.serveConcurrently(writeWait: Self.writeWait)
            secrets = try SecretBox.load(path: SecretBox.defaultPath(), create: true)
            nonces = try NonceLedger(engine: engine, window: RequestHandler.nonceWindow)
            try engine.store.checkpointInBackground()
        } catch {
            throw fail(error)
        }
        if !loopback {
            FileHandle.standardError.write(Data("warning: serving on \(host), reachable from other machines.\n".utf8))
        }
        let keys = (try? AccessKeys(engine.store).all().count) ?? 0
        FileHandle.standardError.write(Data(
            "rds-console serving \(engine.store.path) on \(tls == nil ? "http" : "https")://\(host):\(port)/ (\(keys) access key\(keys == 1 ? "" : "s"); create one with rds-console access-key create)\(openapiOnly ? "; the cloud's actions only" : "")\(throttle.map { "; at most \($0) requests a second per AccessKey" } ?? "")\(clock.mode == .wall ? "; the clock follows the wall's, \(clock.speed.formatted()) s a second" : "")\n".utf8))
        nonces.startFlushing()
        let wall = clock.start(on: engine)
        defer {
            wall?.stop()
            try? nonces.stop()
            try? engine.store.checkpoint()  // leave the state folded into one file
        }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let handler = RequestHandler(engine: engine, secrets: secrets, nonces: nonces,
                                     dialect: openapiOnly ? .cloud : .full, throttle: throttle)
        try await Endpoint.run(handler: handler, host: host, port: port, limits: limits, tls: tls)
    }
}

/// `rds-console access-key create|list|delete`.
struct AccessKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-key",
        abstract: "Manage the access keys the HTTP endpoint accepts.",
        discussion: "Secrets are sealed with a key kept outside the state ($XDG_CONFIG_HOME/rds-console/secrets.key).",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is shown once.")
        @OptionGroup var options: StateOptions
        @Flag(help: "A key that may call Describe*, Check*, LocalDescribe* and LocalAsk only (not LocalDescribePolicyImpact, which takes the write lock).")
        var readOnly = false

        func run() throws {
            do {
                let engine = try options.openEngine()
                let box = try SecretBox.load(path: SecretBox.defaultPath(), create: true)
                let (keyID, secret) = SecretBox.newCredentials()
                try AccessKeys(engine.store).add(AccessKeyRecord(id: keyID, sealedSecret: try box.seal(secret), readOnly: readOnly,
                                                        createdAt: Int64(Date().timeIntervalSince1970)))
                printLine("AccessKeyId:     \(keyID)")
                printLine("AccessKeySecret: \(secret)")
                printLine(readOnly ? "(read-only; the secret is shown once)" : "(the secret is shown once)")
            } catch {
                throw fail(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (never their secrets).")
        @OptionGroup var options: StateOptions

        func run() throws {
            do {
                printLine(Table.render(header: ["ACCESS KEY ID", "ACCESS", "CREATED"], rows: try AccessKeys(options.openEngine().store).all().map {
                    [$0.id, $0.readOnly ? "read-only" : "read-write", UTCTime.format($0.createdAt)]
                }))
            } catch {
                throw fail(error)
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key: requests signed with it are refused.")
        @OptionGroup var options: StateOptions
        @Argument(help: "The AccessKey ID.")
        var id: String

        func run() throws {
            do {
                try AccessKeys(options.openEngine().store).delete(id: id)
                printLine("deleted \(id)")
            } catch {
                throw fail(error)
            }
        }
    }
}
