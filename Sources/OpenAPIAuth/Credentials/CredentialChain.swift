import Foundation

/// Finds the credential to sign with, as Alibaba Cloud's own tools do
/// (credentials-go's default chain, with `--profile` first):
///
/// 1. `--profile NAME`: that profile of `~/.aliyun/config.json`, else that
///    section of the credentials file;
/// 2. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`,
///    `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional `ALIBABA_CLOUD_SECURITY_TOKEN`;
/// 3. `~/.aliyun/config.json`: the profile named by `ALIBABA_CLOUD_PROFILE`,
///    else its `current` (modes `AK` and `StsToken`);
/// 4. the INI file `~/.alibabacloud/credentials` (or
///    `ALIBABA_CLOUD_CREDENTIALS_FILE`): the section named by
///    `ALIBABA_CLOUD_PROFILE`, else `default` (`type = access_key`).
///
/// A source of a kind rds-console cannot use (a RAM role, ECS metadata, OIDC,
/// SSO …) is refused by name, with the way to an STS token instead; it is
/// never skipped in silence for the next source.
public struct CredentialChain: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    enum Variable {
        static let keyID = "ALIBABA_CLOUD_ACCESS_KEY_ID", secret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
        static let token = "ALIBABA_CLOUD_SECURITY_TOKEN", profile = "ALIBABA_CLOUD_PROFILE"
        static let credentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE", region = "ALIBABA_CLOUD_REGION_ID"
        static let oidc = ["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"]
    }

    private func variable(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private var home: String { variable("HOME") ?? NSHomeDirectory() }

    /// `~/.aliyun/config.json`, the aliyun CLI's profiles.
    public var configFile: String { home + "/.aliyun/config.json" }

    /// `~/.alibabacloud/credentials`, or `ALIBABA_CLOUD_CREDENTIALS_FILE`.
    public var credentialsFile: String { variable(Variable.credentialsFile) ?? home + "/.alibabacloud/credentials" }

    /// The credential to use; `profile` is `--profile`.
    public func resolve(profile: String? = nil) throws(CredentialError) -> Credential {
        if let profile {
            if let found = try fromConfigFile(named: profile) { return found }
            if let found = try fromCredentialsFile(section: profile) { return found }
            throw CredentialError("No profile \"\(profile)\" in \(shown(configFile)) or \(shown(credentialsFile))\(knownProfiles()).")
        }
        if let found = try fromEnvironment() { return found }
        if let named = variable(Variable.profile) {
            if let found = try fromConfigFile(named: named) { return found }
            if let found = try fromCredentialsFile(section: named) { return found }
            throw CredentialError("\(Variable.profile) names \"\(named)\", which is in neither \(shown(configFile)) nor \(shown(credentialsFile))\(knownProfiles()).")
        }
        if let current = try AliyunConfig.read(configFile)?.current, !current.isEmpty,
           let found = try fromConfigFile(named: current) {
            return found
        }
        if let found = try fromCredentialsFile(section: "default") { return found }
        throw CredentialError("""
            No credential found. rds-console looked for --profile, then \(Variable.keyID) and \(Variable.secret), \
            then the current profile of \(shown(configFile)) (aliyun configure writes it), then [default] of \
            \(shown(credentialsFile)). Set one of them; a secret is never printed or stored by rds-console.
            """)
    }

    /// The region the user set: `ALIBABA_CLOUD_REGION_ID`, else the credential's profile's.
    public func region(for credential: Credential) -> (id: String, source: String)? {
        if let r = variable(Variable.region) { return (r, Variable.region) }
        if let r = credential.region { return (r, credential.regionSource ?? "the credential's profile") }
        return nil
    }

    // MARK: Sources

    private func fromEnvironment() throws(CredentialError) -> Credential? {
        let id = variable(Variable.keyID), secret = variable(Variable.secret)
        switch (id, secret) {
        case (let id?, let secret?):
            return Credential(accessKeyID: id, accessKeySecret: secret, securityToken: variable(Variable.token),
                              source: "the environment (\(Variable.keyID))")
        case (nil, nil):
            if Variable.oidc.allSatisfy({ variable($0) != nil }) {
                throw Self.unsupported("OIDC role", where: "the environment (\(Variable.oidc.joined(separator: ", ")))")
            }
            return nil
        default:
            throw CredentialError("\(id == nil ? Variable.secret : Variable.keyID) is set but \(id == nil ? Variable.keyID : Variable.secret) is not: set both, or neither.")
        }
    }

    private func fromConfigFile(named name: String) throws(CredentialError) -> Credential? {
        guard let config = try AliyunConfig.read(configFile),
              let p = config.profiles.first(where: { $0.name == name }) else { return nil }
        let place = "profile \"\(name)\" of \(shown(configFile))"
        let mode = p.mode ?? "AK"
        switch mode {
        case "AK", "StsToken":
            guard let id = p.accessKeyID, !id.isEmpty, let secret = p.accessKeySecret, !secret.isEmpty else {
                throw CredentialError("\(place) (mode \(mode)) has no access_key_id or access_key_secret.")
            }
            if mode == "StsToken" && (p.stsToken ?? "").isEmpty {
                throw CredentialError("\(place) is of mode StsToken but has no sts_token.")
            }
            return Credential(accessKeyID: id, accessKeySecret: secret, securityToken: mode == "StsToken" ? p.stsToken : nil,
                              source: "\(place), mode \(mode)", region: p.regionID, regionSource: "the region_id of \(place)")
        default:
            throw Self.unsupported("mode \(mode)", where: place)
        }
    }

    private func fromCredentialsFile(section name: String) throws(CredentialError) -> Credential? {
        guard let ini = try INIFile.read(credentialsFile), let fields = ini.sections[name] else { return nil }
        let place = "[\(name)] of \(shown(credentialsFile))"
        let type = fields["type"] ?? "access_key"
        guard type == "access_key" else { throw Self.unsupported("type \(type)", where: place) }
        guard let id = fields["access_key_id"], !id.isEmpty, let secret = fields["access_key_secret"], !secret.isEmpty else {
            throw CredentialError("\(place) (type access_key) has no access_key_id or access_key_secret.")
        }
        return Credential(accessKeyID: id, accessKeySecret: secret, source: "\(place), type access_key")
    }

    /// The refusal of a source rds-console cannot sign with, and what to do instead.
    static func unsupported(_ what: String, where place: String) -> CredentialError {
        CredentialError("""
            \(place) uses \(what), which rds-console does not support: it signs with an AccessKey, or an \
            STS token, only. Get an STS token for the role (aliyun sts AssumeRole --RoleArn … --RoleSessionName …) \
            and put it in a profile of mode StsToken (aliyun configure --mode StsToken), or in \
            \(Variable.keyID), \(Variable.secret) and \(Variable.token).
            """)
    }

    /// A path with the home folder written `~`.
    private func shown(_ path: String) -> String {
        path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }

    private func knownProfiles() -> String {
        let names = ((try? AliyunConfig.read(configFile))??.profiles.map(\.name) ?? [])
            + ((try? INIFile.read(credentialsFile))??.sections.keys.sorted() ?? [])
        return names.isEmpty ? "" : " (there are: \(names.joined(separator: ", ")))"
    }
}
