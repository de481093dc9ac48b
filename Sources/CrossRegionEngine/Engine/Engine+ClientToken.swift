import Foundation
import GRDB

/// Idempotent requests (R9.3): the first answer to a `ClientToken` is kept in
/// the state, so a retry with the same token and the same parameters gets it
/// again and changes nothing, even after a restart.
extension Engine {
    /// How long a token is remembered, in simulated time (at least the 24 hours of R9.3).
    public static let clientTokenLifetime: Seconds = 7 * UTCTime.day

    /// Runs `body` in one write transaction unless `token` was seen for
    /// `action`: then returns the first answer (same `request`) or refuses
    /// with `mismatch` (another request). The answer is a flat list of string fields.
    func once(action: String, token: String?, request: String, mismatch: ErrorCode,
              _ body: (Tx) throws -> [(String, String)]) throws -> [(String, String)] {
        try write { tx in
            guard let token else { return try body(tx) }
            let row = try Row.fetchOne(tx.db.cachedStatement(sql: """
                SELECT request, answer FROM client_token WHERE action = ? AND token = ? AND created_at > ?
                """), arguments: [action, token, tx.now - Self.clientTokenLifetime])
            if let row {
                let (firstRequest, answer): (String, String) = (row[0], row[1])
                guard firstRequest == request else {
                    throw EngineError(mismatch,
                                      "ClientToken \(Shown(token)) was used for another \(action) request; use a new token for a new request.")
                }
                let pairs = try JSONDecoder().decode([[String]].self, from: Data(answer.utf8))
                return pairs.map { ($0[0], $0[1]) }
            }
            let answer = try body(tx)
            let text = String(decoding: try JSONEncoder().encode(answer.map { [$0.0, $0.1] }), as: UTF8.self)
            try tx.db.cachedStatement(sql: "DELETE FROM client_token WHERE created_at <= ?")
                .execute(arguments: [tx.now - Self.clientTokenLifetime])
            try tx.db.cachedStatement(sql: """
                INSERT OR REPLACE INTO client_token (action, token, request, answer, created_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [action, token, request, text, tx.now])
            return answer
        }
    }
}
