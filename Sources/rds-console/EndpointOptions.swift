import ArgumentParser
import CrossRegionEngine
import Foundation
import RDSClient

/// `--endpoint` and its access key: where a console finds a shared state.
struct EndpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use the state behind an rds-console serve instead of a local file: https://host:port, or host:port on loopback (also RDS_CONSOLE_ENDPOINT).",
                               valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("PEM certificates to trust for an https:// endpoint instead of the system's (a private CA).",
                               valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("The endpoint's AccessKey ID (also ALIBABA_CLOUD_ACCESS_KEY_ID).", valueName: "id"))
    var accessKeyId: String?

    @Option(help: ArgumentHelp("Its secret (better: ALIBABA_CLOUD_ACCESS_KEY_SECRET, which other users cannot see in ps).",
                               valueName: "secret"))
    var accessKeySecret: String?

    /// The remote state, or nil when no endpoint is named.
    func remoteState() throws -> RemoteState? {
        let env = ProcessInfo.processInfo.environment
        guard let endpoint = endpoint ?? env["RDS_CONSOLE_ENDPOINT"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        let client = try OpenAPIClient(endpoint: endpoint,
                                       accessKeyID: accessKeyId ?? env["ALIBABA_CLOUD_ACCESS_KEY_ID"] ?? "",
                                       secret: accessKeySecret ?? env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] ?? "",
                                       securityToken: env["ALIBABA_CLOUD_SECURITY_TOKEN"], caFile: caFile)
        let remote = RemoteState(client: client)
        _ = try remote.changeToken()  // reachable, and the key is accepted: say so now rather than in the console
        return remote
    }
}
