/// Why a span (`90m`, `36h`, `1d12h`) could not be read.
public struct DurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case empty
        case unknownUnit(Character)
        case unitWithoutNumber(Character)
        case numberWithoutUnit
        case zero
        case tooLong
    }

    public let text: String
    public let reason: Reason

    /// The units a span is written in, in seconds (`y` is 365 days).
    static let units: [Character: Seconds] = [
        "s": 1, "m": UTCTime.minute, "h": UTCTime.hour, "d": UTCTime.day, "w": 7 * UTCTime.day, "y": 365 * UTCTime.day,
    ]

    /// What every reader of spans says, then what is wrong with this one.
    public static let expected = "a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y)"

    public var description: String {
        let why: String
        switch reason {
        case .empty: why = "it is empty"
        case .unknownUnit(let c): why = "\"\(c)\" is not a unit (s, m, h, d, w, y)"
        case .unitWithoutNumber(let c): why = "\"\(c)\" has no number before it"
        case .numberWithoutUnit: why = "the last number has no unit"
        case .zero: why = "it is zero"
        case .tooLong: why = "it is over 100 years"
        }
        return "\(Shown(text)) is not a span: \(why); write \(Self.expected)."
    }
}
