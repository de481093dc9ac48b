import Foundation
import Testing

/// `rds-console account`: which credential, region and endpoint would be used, never a secret.
@Suite("rds-console account")
struct AccountCommandTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("rds-account-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: home + "/.aliyun", withIntermediateDirectories: true)
        try Data("""
            {"current": "ops", "profiles": [
              {"name": "ops", "mode": "AK", "access_key_id": "LTAIops", "access_key_secret": "secret-ops", "region_id": "cn-shanghai"},
              {"name": "temp", "mode": "StsToken", "access_key_id": "STS.temp", "access_key_secret": "secret-temp",
               "sts_token": "token-temp", "region_id": "ap-southeast-1"},
              {"name": "sso", "mode": "CloudSSO"}
            ]}
            """.utf8).write(to: URL(fileURLWithPath: home + "/.aliyun/config.json"))
    }

    func run(_ args: [String], _ env: [String: String] = [:]) throws -> CommandLineTests.Result {
        let clean = ["HOME": home, "ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "",
                     "ALIBABA_CLOUD_SECURITY_TOKEN": "", "ALIBABA_CLOUD_PROFILE": "", "ALIBABA_CLOUD_REGION_ID": "",
                     "ALIBABA_CLOUD_CREDENTIALS_FILE": ""]
        return try CommandLineTests.run(["account"] + args, environment: clean.merging(env) { $1 })
    }

    @Test("The table and JSON say what is used and where it came from; no secret or token in any output")
    func answers() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let plain = try run([])
        #expect(plain.status == 0)
        #expect(plain.out == """
                        VALUE                     FROM
            Credential  AccessKey LTAIops         profile "ops" of ~/.aliyun/config.json, mode AK
            Region      cn-shanghai               the region_id of profile "ops" of ~/.aliyun/config.json
            Endpoint    https://rds.aliyuncs.com  Alibaba's RDS endpoint for cn-shanghai

            """)
        let sts = try run(["--profile", "temp", "--json"])
        #expect(sts.status == 0)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sts.out.utf8)) as? [String: String])
        #expect(body == ["AccessKeyId": "STS.temp", "Kind": "STS token (temporary AccessKey)",
                         "CredentialSource": "profile \"temp\" of ~/.aliyun/config.json, mode StsToken",
                         "RegionId": "ap-southeast-1", "RegionSource": "the region_id of profile \"temp\" of ~/.aliyun/config.json",
                         "Endpoint": "https://rds.ap-southeast-1.aliyuncs.com", "EndpointSource": "Alibaba's RDS endpoint for ap-southeast-1"])
        let env = try run(["--region", "cn-hongkong", "--endpoint", "https://127.0.0.1:8443"],
                          ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-env"])
        #expect(env.out.contains("AccessKey LTAIenv") && env.out.contains("the environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"))
        #expect(env.out.contains("cn-hongkong") && env.out.contains("https://127.0.0.1:8443  --endpoint"))
        for r in [plain, sts, env] { #expect(!(r.out + r.err).contains("secret-") && !(r.out + r.err).contains("token-temp")) }
    }

    @Test("Refusals: an unsupported mode (exit 1), no credential (exit 1), plain HTTP to another host or an unknown region (exit 64)")
    func refusals() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let sso = try run(["--profile", "sso"])
        #expect(sso.status == 1 && sso.err.hasPrefix("error: profile \"sso\" of ~/.aliyun/config.json uses mode CloudSSO, which rds-console does not support"))
        let none = try CommandLineTests.run(["account"], environment: ["HOME": home + "/nowhere", "ALIBABA_CLOUD_ACCESS_KEY_ID": "",
                                                                       "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "", "ALIBABA_CLOUD_PROFILE": ""])
        #expect(none.status == 1 && none.err.hasPrefix("error: No credential found."))
        let http = try run(["--endpoint", "http://rds.aliyuncs.com"])
        #expect(http.status == 64 && http.err.contains("plain HTTP would send signed requests in the clear"))
        let region = try run(["--region", "mars-1"])
        #expect(region.status == 64 && region.err.contains("\"mars-1\" is not a region rds-console knows"))
    }
}
