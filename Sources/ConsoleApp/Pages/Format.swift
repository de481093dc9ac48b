import CrossRegionEngine
import Foundation

/// How sizes and amounts read in the tables.
enum Format {
    /// `13,268,687.9 GB`.
    static func gigabytes(_ bytes: Int64) -> String { Thousands.gigabytes(bytes) }
    static func megabytes(_ bytes: Int64) -> String { grouped(String(format: "%.1f", Double(bytes) / 1e6)) + " MB" }
    /// `USD 14,682.31`: never cut, whatever the amount.
    static func usd(_ amount: Double) -> String { Thousands.usd(amount) }
    /// `12,345`.
    static func count(_ n: Int) -> String { grouped(String(n)) }

    /// A span of time (`3d 23h`, `50m`), a dash when there is none.
    static func span(_ seconds: Seconds?) -> String { UTCTime.describe(span: seconds) }

    /// Thousands separated by commas, in the integer part of a plain number.
    static func grouped(_ plain: String) -> String { Thousands.grouped(plain) }
}
