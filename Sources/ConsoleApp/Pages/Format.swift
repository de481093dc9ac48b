import Foundation

/// How sizes and amounts read in the tables.
enum Format {
    static func gigabytes(_ bytes: Int64) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }
    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
    static func usd(_ amount: Double) -> String { String(format: "USD %.2f", amount) }
}
