import Foundation
import Testing
@testable import OpenAPIAuth

/// The credential chain, as Alibaba Cloud's tools find credentials.
@Suite("Credential chain")
struct CredentialChainTests {
    /// A temporary home folder with the aliyun CLI's and the SDK's files.
    final class Home {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rds-home-\(UUID().uuidString)").path

        init(config: String? = Home.config, credentials: String? = Home.credentials) throws {
            if let config {
                try FileManager.default.createDirectory(atPath: path + "/.aliyun", withIntermediateDirectories: true)
                try Data(config.utf8).write(to: URL(fileURLWithPath: path + "/.aliyun/config.json"))
            }
            if let credentials {
                try FileManager.default.createDirectory(atPath: path + "/.alibabacloud", withIntermediateDirectories: true)
                try Data(credentials.utf8).write(to: URL(fileURLWithPath: path + "/.alibabacloud/credentials"))
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func chain(_ env: [String: String] = [:]) -> CredentialChain {
            CredentialChain(environment: env.merging(["HOME": path]) { a, _ in a })
        }

        static let config = """
            {"current": "ops", "meta_path": "", "profiles": [
              {"name": "ops", "mode": "AK", "access_key_id": "LTAIops", "access_key_secret": "secret-ops", "sts_token": "",
               "region_id": "cn-shanghai", "output_format": "json", "language": "en", "retry_timeout": 0},
              {"name": "temp", "mode": "StsToken", "access_key_id": "STS.temp", "access_key_secret": "secret-temp",
               "sts_token": "token-temp", "region_id": "ap-southeast-1"},
              {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIrole", "access_key_secret": "secret-role",
               "ram_role_arn": "acs:ram::123456789012:role/ops", "ram_session_name": "s"},
              {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "r"},
              {"name": "team, eu", "mode": "AK", "access_key_id": "LTAIeu", "access_key_secret": "secret-eu", "region_id": "eu-central-1"}
            ]}
            """
        static let credentials = """
            # the SDK's INI file
            [default]
            type = access_key
            access_key_id = LTAIdefault
            access_key_secret = secret-default

            [project-b]
            type = ram_role_arn
            access_key_id = LTAIb
            access_key_secret = secret-b
            role_arn = acs:ram::123456789012:role/ops

            [ini-only]
            access_key_id = LTAIini
            access_key_secret = "secret-ini"
            """
    }

    static let env = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-env"]

    @Test("Each source of the chain: --profile (config.json or INI), the environment with and without an STS token, ALIBABA_CLOUD_PROFILE, current, [default]")
    func sources() throws {
        let home = try Home()
        let ops = try home.chain().resolve()
        #expect(ops.accessKeyID == "LTAIops" && ops.accessKeySecret == "secret-ops" && ops.securityToken == nil)
        #expect(ops.source == "profile \"ops\" of ~/.aliyun/config.json, mode AK" && ops.region == "cn-shanghai")
        let temp = try home.chain().resolve(profile: "temp")
        #expect(temp.accessKeyID == "STS.temp" && temp.securityToken == "token-temp" && temp.region == "ap-southeast-1")
        let ini = try home.chain().resolve(profile: "ini-only")
        #expect(ini.accessKeyID == "LTAIini" && ini.accessKeySecret == "secret-ini")
        #expect(ini.source == "[ini-only] of ~/.alibabacloud/credentials, type access_key")
        let env = try home.chain(Self.env.merging(["ALIBABA_CLOUD_SECURITY_TOKEN": "token-env"]) { $1 }).resolve()
        #expect(env.accessKeyID == "LTAIenv" && env.securityToken == "token-env")
        #expect(env.source == "the environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" && env.kind == "STS token (temporary AccessKey)")
        #expect(try home.chain(["ALIBABA_CLOUD_PROFILE": "temp"]).resolve().accessKeyID == "STS.temp")
        #expect(try home.chain(["ALIBABA_CLOUD_PROFILE": "ini-only"]).resolve().accessKeyID == "LTAIini")
        let iniOnly = try Home(config: nil)
        #expect(try iniOnly.chain().resolve().accessKeyID == "LTAIdefault")
        let elsewhere = iniOnly.path + "/other-credentials"
        try Data("[default]\naccess_key_id = LTAIfile\naccess_key_secret = secret-file\n".utf8).write(to: URL(fileURLWithPath: elsewhere))
        #expect(try iniOnly.chain(["ALIBABA_CLOUD_CREDENTIALS_FILE": elsewhere]).resolve().accessKeyID == "LTAIfile")
        #expect(iniOnly.chain(["ALIBABA_CLOUD_REGION_ID": "cn-beijing"]).region(for: ops)! == ("cn-beijing", "ALIBABA_CLOUD_REGION_ID"))
        #expect(home.chain().region(for: ops)! == ("cn-shanghai", "the region_id of profile \"ops\" of ~/.aliyun/config.json"))
        let eu = try home.chain().resolve(profile: "team, eu")
        #expect(home.chain().region(for: eu)! == ("eu-central-1", "the region_id of profile \"team, eu\" of ~/.aliyun/config.json"),
                "a profile's name may hold a comma")
    }

    @Test("Precedence: --profile over the environment, the environment over the files, ALIBABA_CLOUD_PROFILE over current, config.json over the INI file")
    func precedence() throws {
        let home = try Home()
        #expect(try home.chain(Self.env).resolve(profile: "temp").accessKeyID == "STS.temp")
        #expect(try home.chain(Self.env).resolve().accessKeyID == "LTAIenv")
        #expect(try home.chain(["ALIBABA_CLOUD_PROFILE": "temp"]).resolve().accessKeyID == "STS.temp")
        #expect(try home.chain().resolve().accessKeyID == "LTAIops", "the current profile before [default]")
        let noCurrent = try Home(config: #"{"profiles": []}"#)
        #expect(try noCurrent.chain().resolve().accessKeyID == "LTAIdefault")
    }

    @Test("A mode or type rds-console cannot sign with is refused by name, with the way to an STS token; never skipped for the next source")
    func unsupported() throws {
        let home = try Home()
        for (profile, env, place, what) in [
            ("role", [:], #"profile "role" of ~/.aliyun/config.json"#, "mode RamRoleArn"),
            ("ecs", [:], #"profile "ecs" of ~/.aliyun/config.json"#, "mode EcsRamRole"),
            ("project-b", [:], "[project-b] of ~/.alibabacloud/credentials", "type ram_role_arn"),
        ] as [(String, [String: String], String, String)] {
            let e = #expect(throws: CredentialError.self) { try home.chain(env).resolve(profile: profile) }
            #expect(e?.message.hasPrefix("\(place) uses \(what), which rds-console does not support") == true, "\(e?.message ?? "")")
            #expect(e?.message.contains("aliyun sts AssumeRole") == true && e?.message.contains("ALIBABA_CLOUD_SECURITY_TOKEN") == true)
        }
        let current = try Home(config: #"{"current": "role", "profiles": [{"name": "role", "mode": "RamRoleArn"}]}"#)
        #expect(throws: CredentialError.self) { try current.chain().resolve() }
        let oidc = ["ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/x", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
                    "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/token"]
        let e = #expect(throws: CredentialError.self) { try home.chain(oidc).resolve() }
        #expect(e?.message.hasPrefix("the environment (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE) uses OIDC role") == true)
        let half = #expect(throws: CredentialError.self) { try home.chain(["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx"]).resolve() }
        #expect(half?.message == "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not: set both, or neither.")
        let missing = #expect(throws: CredentialError.self) { try home.chain().resolve(profile: "nope") }
        #expect(missing?.message == "No profile \"nope\" in ~/.aliyun/config.json or ~/.alibabacloud/credentials (there are: ops, temp, role, ecs, team, eu, default, ini-only, project-b).")
        let none = try Home(config: nil, credentials: nil)
        #expect(throws: CredentialError.self) { try none.chain().resolve() }
    }

    @Test("A secret or a token is in no description, dump or refusal, even of a file that cannot be read")
    func secretsStayHidden() throws {
        let home = try Home()
        for credential in [try home.chain().resolve(profile: "temp"), try home.chain(Self.env).resolve()] {
            var dumped = ""
            dump(credential, to: &dumped)
            for text in [credential.description, String(reflecting: credential), "\(credential)", dumped] {
                #expect(!text.contains(credential.accessKeySecret) && !text.contains("token-"), "\(text)")
            }
            #expect(credential.description.contains(credential.accessKeyID))
        }
        let broken = try Home(config: #"{"current": "x", "profiles": [{"name": "x", "access_key_secret": "secret-broken", "mode": 7}]}"#,
                              credentials: "access_key_secret = secret-loose\n")
        let e1 = #expect(throws: CredentialError.self) { try broken.chain().resolve() }
        #expect(e1?.message.hasPrefix("\(broken.path)/.aliyun/config.json is not the aliyun CLI's configuration") == true)
        #expect(e1?.message.contains("secret-broken") == false)
        let e2 = #expect(throws: CredentialError.self) { try broken.chain().resolve(profile: "y") }
        #expect(e2?.message.contains("secret") == false && e2?.message.contains("config.json is not") == true)
        let looseINI = try Home(config: nil, credentials: "access_key_secret = secret-loose\n")
        let e3 = #expect(throws: CredentialError.self) { try looseINI.chain().resolve() }
        #expect(e3?.message == "\(looseINI.path)/.alibabacloud/credentials, line 1: expected key = value inside a [section].")
    }
}
