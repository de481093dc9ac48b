import Crypto
import Foundation

/// `NextToken` of `DescribeDBInstances` (reference §B.2): the last ID of the
/// page and an HMAC-SHA256 of it and of the query it belongs to, under a
/// secret that is random per state and never leaves it (`meta.token_secret`).
/// A token reveals nothing of the secret, so a caller cannot forge one for
/// another query, and a token of one state (a demo of the same seed, a copy)
/// is refused by another.
enum PageToken {
    static func make(after id: String, query: String, secret: SymmetricKey) -> String {
        id + "." + mac(id, query, secret)
    }

    /// The ID a token continues after, or nil when it is not one of ours for `query`.
    static func open(_ token: String, query: String, secret: SymmetricKey) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        let id = String(token[..<dot])
        let given = Array(token[token.index(after: dot)...].utf8), expected = Array(mac(id, query, secret).utf8)
        guard given.count == expected.count else { return nil }
        // Every byte compared, whatever the first difference: the time says nothing of the MAC.
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 ? id : nil
    }

    /// 128 bits of the HMAC, in hex.
    private static func mac(_ id: String, _ query: String, _ secret: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(id.utf8) + [0] + Array(query.utf8), using: secret)
        return code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

extension Engine {
    /// The state's paging secret (what seals `NextToken`).
    func pageTokenSecret() throws -> SymmetricKey {
        try read { tx in
            guard let hex = try tx.metaText(PageTokenSecret.key), let bytes = PageTokenSecret.bytes(hex: hex) else {
                throw EngineError(.internalError, "The state has no paging secret; open it with this version of rds-console once.")
            }
            return SymmetricKey(data: bytes)
        }
    }
}

/// Where the paging secret lives and how a new one is made (in SQL, so a
/// migration, a new state and a copy make it the same way).
enum PageTokenSecret {
    static let key = "token_secret"
    /// 256 random bits, as hex.
    static let newValueSQL = "lower(hex(randomblob(32)))"

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
