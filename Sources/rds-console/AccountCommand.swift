import ArgumentParser
import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient

/// `rds-console account`: which credential, region and endpoint a command on
/// a real account would use, and where each came from. Nothing is sent, and
/// no secret is printed.
struct Account: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say which credential, region and endpoint would be used for your account, and where each came from (no secret is shown, nothing is sent).",
        discussion: """
            The credential is found as Alibaba Cloud's tools find it: --profile, else ALIBABA_CLOUD_ACCESS_KEY_ID and \
            ALIBABA_CLOUD_ACCESS_KEY_SECRET (with ALIBABA_CLOUD_SECURITY_TOKEN for an STS token), else the profile \
            ALIBABA_CLOUD_PROFILE names, or the current one, of ~/.aliyun/config.json (modes AK and StsToken), else \
            [default] of ~/.alibabacloud/credentials (ALIBABA_CLOUD_CREDENTIALS_FILE). The region is --region, else \
            ALIBABA_CLOUD_REGION_ID, else the profile's region_id, else \(Region.defaultID).
            """)

    @OptionGroup var account: AccountOptions

    @Option(help: ArgumentHelp("The region to use.", valueName: "id"))
    var region: String?

    @Flag(help: "Print it as JSON.")
    var json = false

    func validate() throws {
        if let region, Region.named(region) == nil {
            throw ValidationError("--region: \"\(region.prefix(100))\" is not a region rds-console knows (\(Region.all.map(\.id).joined(separator: ", "))).")
        }
    }

    func run() throws {
        let chain = CredentialChain()
        let credential = try account.credential(chain)
        let (regionID, regionSource) = region.map { ($0, "--region") } ?? chain.region(for: credential)
            ?? (Region.defaultID, "the default (no region was set)")
        let (url, endpointSource) = account.endpoint(for: regionID)
        let endpointURL = url ?? ""
        if json {
            printLine(JSON.object([
                .init("AccessKeyId", .string(credential.accessKeyID)), .init("Kind", .string(credential.kind)),
                .init("CredentialSource", .string(credential.source)), .init("RegionId", .string(regionID)),
                .init("RegionSource", .string(regionSource)), .init("Endpoint", .string(endpointURL)),
                .init("EndpointSource", .string(endpointSource)),
            ]).pretty())
            return
        }
        printLine(Table.render(header: ["", "VALUE", "FROM"], rows: [
            ["Credential", "\(credential.kind) \(credential.accessKeyID)", credential.source],
            ["Region", regionID, regionSource],
            ["Endpoint", endpointURL, endpointSource],
        ]).escapingControls)
    }
}
