/// Comma-separated values as spreadsheets read them (RFC 4180): a field with a
/// comma, a quote or a line break is quoted, its quotes doubled. A field a
/// spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a
/// carriage return, and is not a number) is written with a leading
/// apostrophe, as OWASP's CSV-injection advice says, so a description such as
/// `=HYPERLINK(...)` is shown as text.
public enum CSV {
    public static func field(_ s: String) -> String {
        let text = isFormula(s) ? "'" + s : s
        return text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || text != s
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func isFormula(_ s: String) -> Bool {
        guard let first = s.first, formulaStarts.contains(first) else { return false }
        return Double(s) == nil  // -12.5 is a number, not a formula
    }
}
