/// The name a mistyped one most likely meant: "did you mean …?" for actions,
/// commands and regions.
public enum Nearest {
    /// The candidate closest to `typed` (case ignored), if it is within a few edits of it.
    public static func name(to typed: String, in candidates: [String]) -> String? {
        let t = Array(typed.lowercased().prefix(100))
        let limit = max(1, min(3, t.count / 3))
        return candidates.map { ($0, distance(t, Array($0.lowercased()))) }
            .filter { $0.1 <= limit && $0.1 > 0 }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
