import Foundation

/// How sizes and amounts read in the tables.
enum Format {
    /// `13,268,687.9 GB`.
    static func gigabytes(_ bytes: Int64) -> String { grouped(String(format: "%.1f", Double(bytes) / 1e9)) + " GB" }
    static func megabytes(_ bytes: Int64) -> String { grouped(String(format: "%.1f", Double(bytes) / 1e6)) + " MB" }
    /// `USD 14,682.31`: never cut, whatever the amount.
    static func usd(_ amount: Double) -> String { "USD " + grouped(String(format: "%.2f", amount)) }
    /// `12,345`.
    static func count(_ n: Int) -> String { grouped(String(n)) }

    /// Thousands separated by commas, in the integer part of a plain number.
    static func grouped(_ plain: String) -> String {
        let negative = plain.hasPrefix("-")
        let body = negative ? String(plain.dropFirst()) : plain
        let parts = body.split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return (negative ? "-" : "") + String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }
}
