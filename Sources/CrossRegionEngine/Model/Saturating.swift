/// Arithmetic on stored sizes and counts that cannot trap: a state written
/// by hand, or by an older build that let an absurd value in, answers with
/// the largest representable figure instead of ending the process.
extension FixedWidthInteger where Self: SignedInteger {
    /// `self + other`, held at `.max` (or `.min`) instead of overflowing.
    public func addingSaturated(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

extension Int64 {
    /// `self * other`, held at `Int64.max` (or `.min`) instead of overflowing.
    public func multipliedSaturated(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }

    /// Adds `other` in place, saturating.
    public static func += (lhs: inout Int64, rhs: Saturated) {
        lhs = lhs.addingSaturated(rhs.value)
    }
}

/// A value to add with saturation: `total += Saturated(bytes)`.
public struct Saturated: Sendable {
    public let value: Int64
    public init(_ value: Int64) { self.value = value }
}
