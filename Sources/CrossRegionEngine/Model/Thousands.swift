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
}
