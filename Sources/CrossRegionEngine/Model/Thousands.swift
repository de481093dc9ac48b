import Foundation

/// Numbers as people read them: thousands separated by commas (`12,345.67`).
public enum Thousands {
    /// Commas in the integer part of a plain number (`-1234567.5` → `-1,234,567.5`).
    public static func grouped(_ plain: String) -> String {
        let negative = plain.hasPrefix("-")
        let body = negative ? String(plain.dropFirst()) : plain
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let whole = parts.first else { return plain }
        var digits = Array(whole)
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return (negative ? "-" : "") + String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }

    public static func count(_ n: Int) -> String { grouped(String(n)) }
    /// `1,234.5 GB`.
    public static func gigabytes(_ bytes: Int64) -> String { grouped(String(format: "%.1f", Double(bytes) / 1e9)) + " GB" }
    /// `USD 14,682.31`: never cut, whatever the amount.
    public static func usd(_ amount: Double) -> String { "USD " + grouped(String(format: "%.2f", amount)) }
}
