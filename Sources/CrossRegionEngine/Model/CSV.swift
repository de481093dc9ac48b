/// Comma-separated values as spreadsheets read them (RFC 4180): a field with a
/// comma, a quote or a line break is quoted, its quotes doubled. A field a
/// spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a
/// carriage return, and is not a number) is written with a leading
/// apostrophe, as OWASP's CSV-injection advice says, so a description such as
/// `=HYPERLINK(...)` is shown as text.
public enum CSV {
    public static func field(_ s: String) -> String {
        var out: [UInt8] = []
        append(field: s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        append(line: fields[...], to: &out)
        return String(decoding: out.dropLast(), as: UTF8.self)
    }

    /// Appends `fields` as one line, its line break included, as UTF-8 (what a file holds).
    public static func append(line fields: ArraySlice<String>, to out: inout [UInt8]) {
        for i in fields.indices {
            if i != fields.startIndex { out.append(0x2C) }
            append(field: fields[i], to: &out)
        }
        out.append(0x0A)
    }

    /// Appends `s` as one field.
    static func append(field s: String, to out: inout [UInt8]) {
        let formula = isFormula(s)
        guard formula || needsQuotes(s) else {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(0x22)
        if formula { out.append(0x27) }
        for b in s.utf8 {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }

    /// Whether `s` holds a comma, a quote or a line break of any kind (as `Character.isNewline`
    /// has them). Read as bytes while they are ASCII, else as scalars: an export of 100,000 rows
    /// asks this 1.4 million times.
    private static func needsQuotes(_ s: String) -> Bool {
        let ascii = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            for b in bytes {
                if b >= 0x80 { return nil }
                if b == 0x2C || b == 0x22 || (0x0A...0x0D).contains(b) { return true }
            }
            return false
        }
        if let found = ascii ?? nil { return found }
        return s.unicodeScalars.contains(where: needsQuotes)
    }

    private static func needsQuotes(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2C, 0x22, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func isFormula(_ s: String) -> Bool {
        switch s.utf8.first {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: return Double(s) == nil  // =, +, -, @, a tab, a carriage return; -12.5 is a number
        default: return false
        }
    }
}
