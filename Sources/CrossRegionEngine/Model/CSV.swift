/// Comma-separated values as spreadsheets read them (RFC 4180): a field with a
/// comma, a quote or a line break is quoted, its quotes doubled.
public enum CSV {
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}
