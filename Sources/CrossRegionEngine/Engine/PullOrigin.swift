import GRDB

/// Where a pulled state came from: the account (an AccessKey ID's prefix, as
/// no answer names the account's UID), the profile, the endpoint and when. A
/// pulled state is a rehearsal of that account.
public struct PullOrigin: Sendable, Equatable, Codable {
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

    /// What `endpoint` says when each region's calls went to the region's own endpoint.
    public static let regionalEndpoints = "each region's own"

    /// The endpoint every call went to, when one was given (`--endpoint`).
    public var endpointURL: String? { endpoint == Self.regionalEndpoints ? nil : endpoint }

    /// What identifies an account without naming its whole key: `LTAI5tAB…`.
    public static func account(ofKey id: String) -> String { String(id.prefix(8)) + "…" }

    static let keys = (account: "pull_account", profile: "pull_profile", endpoint: "pull_endpoint", at: "pull_at",
                       clock: "pull_clock", lastSeq: "pull_last_seq", released: "pull_released")
}

extension Engine {
    /// Records that this state was pulled from an account.
    public func recordPull(_ origin: PullOrigin) throws {
        try write { tx in
            try tx.setMeta(PullOrigin.keys.account, 0, text: origin.account)
            try tx.setMeta(PullOrigin.keys.profile, 0, text: origin.profile)
            try tx.setMeta(PullOrigin.keys.endpoint, 0, text: origin.endpoint)
            try tx.setMeta(PullOrigin.keys.at, origin.at)
            // What the account held: instances after this one, and moves of the clock, are the rehearsal's.
            try tx.setMeta(PullOrigin.keys.clock, tx.now)
            try tx.setMeta(PullOrigin.keys.lastSeq, try Int64.fetchOne(tx.db, sql: "SELECT max(seq) FROM instance") ?? 0)
            let released = try String.fetchAll(tx.db, sql: "SELECT id FROM instance WHERE released_at IS NOT NULL ORDER BY id")
            try tx.setMeta(PullOrigin.keys.released, Int64(released.count), text: released.joined(separator: ","))
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
