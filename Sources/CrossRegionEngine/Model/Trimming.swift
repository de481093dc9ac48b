extension StringProtocol {
    /// Without leading and trailing spaces and tabs: how parameters and ID
    /// lists are read, on every request, so without Foundation's NSString bridge.
    public func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
