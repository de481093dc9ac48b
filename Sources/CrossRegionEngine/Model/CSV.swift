/// Comma-separated values as spreadsheets read them (RFC 4180): a field with a
/// comma, a quote or a line break is quoted, its quotes doubled. A field a
/// spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a
/// carriage return, and is not a number) is written with a leading
/// apostrophe, as OWASP's CSV-injection advice says, so a description such as
/// `=HYPERLINK(...)` is shown as text.
public enum CSV {
    public static func field(_ s: String) -> String {
        let formula = isFormula(s)
        // Read as scalars, not characters: an export of 100,000 rows asks this 1.4 million times.
        guard formula || s.unicodeScalars.contains(where: needsQuotes) else { return s }
        let text = formula ? "'" + s : s
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A comma, a quote, or a line break of any kind (as `Character.isNewline` has them).
    private static func needsQuotes(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2C, 0x22, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func isFormula(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, formulaStarts.contains(Character(first)) else { return false }
        return Double(s) == nil  // -12.5 is a number, not a formula
    }
}
