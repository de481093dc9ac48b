/// Seconds since 1970-01-01T00:00:00Z. The engine's simulated clock and every
/// time it stores use this unit; the API shows it as `yyyy-MM-ddTHH:mm:ssZ`.
public typealias Seconds = Int64

public enum UTCTime {
    public static let minute: Seconds = 60
    public static let hour: Seconds = 3_600
    public static let day: Seconds = 86_400

    /// `yyyy-MM-ddTHH:mm:ssZ`.
    public static func format(_ t: Seconds) -> String { stamp(t, separated: true) }

    /// `yyyyMMddHHmmss`, the time in a backup file's name.
    public static func formatCompact(_ t: Seconds) -> String { stamp(t, separated: false) }

    /// The time's digits written straight into the string (a page of files or an answer's
    /// times formats thousands of them), with the separators of `format` or none.
    private static func stamp(_ t: Seconds, separated: Bool) -> String {
        let (y, m, d, hh, mm, ss) = civil(t)
        guard (0...9999).contains(y) else {
            let text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))Z"
            return separated ? text : text.filter(\.isNumber)
        }
        return String(unsafeUninitializedCapacity: 20) { out in
            var i = 0
            func digits(_ v: Int64, _ width: Int) {
                var v = v
                for j in stride(from: width - 1, through: 0, by: -1) {
                    out[i + j] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func separator(_ c: Unicode.Scalar) {
                guard separated else { return }
                out[i] = UInt8(ascii: c)
                i += 1
            }
            digits(y, 4); separator("-"); digits(m, 2); separator("-"); digits(d, 2); separator("T")
            digits(hh, 2); separator(":"); digits(mm, 2); separator(":"); digits(ss, 2); separator("Z")
            return i
        }
    }

    /// `yyyy-MM-ddTHH:mmZ`, the minute precision some actions use.
    public static func formatMinutes(_ t: Seconds) -> String {
        let (y, m, d, hh, mm, _) = civil(t)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2))Z"
    }

    /// Parses `yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mmZ` (UTC only); nil when malformed.
    public static func parse(_ text: String) -> Seconds? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 17, b.last == UInt8(ascii: "Z") else { return nil }
        func num(_ from: Int, _ len: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + len) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        func sep(_ i: Int, _ c: Character) -> Bool { b[i] == c.asciiValue! }
        guard sep(4, "-"), sep(7, "-"), sep(10, "T"), sep(13, ":"),
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
              let hh = num(11, 2), let mi = num(14, 2) else { return nil }
        var ss: Int64 = 0
        if b.count == 20 {
            guard sep(16, ":"), let s = num(17, 2) else { return nil }
            ss = s
        }
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y),
              hh < 24, mi < 60, ss < 60, y >= 1970 else { return nil }
        return daysFromCivil(y, mo, d) * day + hh * hour + mi * minute + ss
    }

    /// Parses a span such as `90m`, `36h`, `7d`, `2w`, `1y` or `1d12h`
    /// (`y` is 365 days): the one reader of spans for the command line, the
    /// API and the console.
    public static func parseDuration(_ text: String) throws(DurationError) -> Seconds {
        var total: Seconds = 0
        var number: Seconds? = nil
        let fail = { (why: DurationError.Reason) in DurationError(text: text, reason: why) }
        if text.isEmpty { throw fail(.empty) }
        for c in text.lowercased() {
            if let digit = c.wholeNumberValue, c.isASCII {
                let n = (number ?? 0) * 10 + Seconds(digit)
                guard n < 1_000_000_000 else { throw fail(.tooLong) }
                number = n
                continue
            }
            guard let unit = DurationError.units[c] else { throw fail(.unknownUnit(c)) }
            guard let n = number else { throw fail(.unitWithoutNumber(c)) }
            total += n * unit
            guard total <= 100 * 365 * day else { throw fail(.tooLong) }
            number = nil
        }
        if number != nil { throw fail(.numberWithoutUnit) }
        guard total > 0 else { throw fail(.zero) }
        return total
    }

    /// `3d 4h`, `5h 30m`, `45s`: a short human reading of a span.
    public static func describe(duration s: Seconds) -> String {
        if s >= day { return s % day >= hour ? "\(s / day)d \(s % day / hour)h" : "\(s / day)d" }
        if s >= hour { return s % hour >= minute ? "\(s / hour)h \(s % hour / minute)m" : "\(s / hour)h" }
        if s >= minute { return "\(s / minute)m" }
        return "\(s)s"
    }

    /// A span or, when there is none (an unprotected instance's RPO), a dash: how reports print it.
    public static func describe(span s: Seconds?) -> String { s.map(describe(duration:)) ?? "-" }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month m: Int64, year y: Int64) -> Int64 {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(_ t: Seconds) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        let days = floorDiv(t, day)
        let secs = t - days * day
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / hour, secs % hour / minute, secs % minute)
    }

    /// The months from `a`'s to `b`'s, inclusive, as `yyyyMM` (empty when `b` is before `a`).
    static func monthsBetween(_ a: Seconds, and b: Seconds) -> [String] {
        guard b >= a else { return [] }
        let (y0, m0, _, _, _, _) = civil(a), (y1, m1, _, _, _, _) = civil(b)
        let first = y0 * 12 + m0 - 1, last = y1 * 12 + m1 - 1
        return (first...last).map { pad($0 / 12, 4) + pad($0 % 12 + 1, 2) }
    }
}
