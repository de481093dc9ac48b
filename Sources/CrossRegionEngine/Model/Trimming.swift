extension StringProtocol {
    /// Without leading and trailing spaces and tabs: how parameters and ID
    /// lists are read, on every request, so without Foundation's NSString bridge.
    public func trimmingSpaces() -> String {
        // Most values begin and end with neither (a space or a tab is one byte, and a character
        // that equals one is that byte alone): they are taken as they are, with no character walked.
        func blank(_ b: UInt8?) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        var s = Substring(self)
        if !blank(s.utf8.first) && !blank(s.utf8.last) { return self as? String ?? String(s) }
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

extension String {
    /// This text with its control and format characters (ESC, a C1 control,
    /// a bidi override; not a line break or a tab) written out as `\u{1B}`, so
    /// that printing a value read from a file cannot drive the terminal.
    public var escapingControls: String {
        guard unicodeScalars.contains(where: Self.isUnsafe) else { return self }
        var out = ""
        for u in unicodeScalars {
            if Self.isUnsafe(u) { out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    private static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        u != "\n" && u != "\t" && [.control, .format].contains(u.properties.generalCategory)
    }
}
