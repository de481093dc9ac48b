/// Where a pulled state came from: the account (an AccessKey ID's prefix, as
/// no answer names the account's UID), the profile, the endpoint and when. A
/// pulled state is a rehearsal of that account.
public struct PullOrigin: Sendable, Equatable {
    public var account: String
    public var profile: String?
    public var endpoint: String
    /// Wall-clock seconds of the pull.
    public var at: Seconds

    public init(account: String, profile: String?, endpoint: String, at: Seconds) {
        self.account = account
        self.profile = profile
        self.endpoint = endpoint
        self.at = at
    }

    /// What identifies an account without naming its whole key: `LTAI5tAB…`.
    public static func account(ofKey id: String) -> String { String(id.prefix(8)) + "…" }

    static let keys = (account: "pull_account", profile: "pull_profile", endpoint: "pull_endpoint", at: "pull_at")
}

extension Engine {
    /// Records that this state was pulled from an account.
    public func recordPull(_ origin: PullOrigin) throws {
        try write { tx in
            try tx.setMeta(PullOrigin.keys.account, 0, text: origin.account)
            try tx.setMeta(PullOrigin.keys.profile, 0, text: origin.profile)
            try tx.setMeta(PullOrigin.keys.endpoint, 0, text: origin.endpoint)
            try tx.setMeta(PullOrigin.keys.at, origin.at)
        }
    }

    /// Where this state was pulled from, or nil for a state made here.
    public func pullOrigin() throws -> PullOrigin? {
        try read { tx in
            guard let account = try tx.metaText(PullOrigin.keys.account), let endpoint = try tx.metaText(PullOrigin.keys.endpoint)
            else { return nil }
            return PullOrigin(account: account, profile: try tx.metaText(PullOrigin.keys.profile), endpoint: endpoint,
                              at: try tx.meta(PullOrigin.keys.at) ?? 0)
        }
    }
}
