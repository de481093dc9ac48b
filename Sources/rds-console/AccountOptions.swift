import ArgumentParser
import Foundation
import OpenAPIAuth
import RDSClient

/// What says which account to talk to and how: `--profile`, `--endpoint`,
/// `--ca-file` (shared by `account` and `pull`).
struct AccountOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A profile of ~/.aliyun/config.json or a section of ~/.alibabacloud/credentials.", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("The endpoint instead of each region's own: https://host[:port] (http:// on loopback only).",
                               valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("PEM certificates to trust instead of the system's (a private CA).", valueName: "file"))
    var caFile: String?

    func validate() throws {
        if let endpoint, case .failure(let e) = RegionEndpoints.validated(endpoint) {
            throw ValidationError("--endpoint: \(e.message)")
        }
    }

    /// The credential the chain finds; a refusal is printed (without any secret) and exits 1.
    func credential(_ chain: CredentialChain = CredentialChain()) throws -> Credential {
        do {
            return try chain.resolve(profile: profile)
        } catch {
            printError("error: \(error.message)".escapingControls)
            throw ExitCode(1)
        }
    }

    /// The URL a region's calls go to (the central endpoint for a region the table lacks).
    func address(for region: String) -> String {
        endpoint(for: region).url ?? "https://" + RegionEndpoints.central
    }

    /// The endpoint a region's calls go to, and where that came from.
    func endpoint(for region: String) -> (url: String?, source: String) {
        if let endpoint { return (endpoint, "--endpoint") }
        guard let host = RegionEndpoints.host(for: region) else { return (nil, "none: \(region) is not in the endpoint table; give --endpoint") }
        return ("https://" + host, "Alibaba's RDS endpoint for \(region)")
    }
}
