import Testing
@testable import CrossRegionEngine

@Suite("Trimming parameters")
struct TrimmingTests {
    @Test("Spaces and tabs at either end go; anything else, a space carrying an accent included, stays", arguments: [
        ("rm-bp1abcdefghij", "rm-bp1abcdefghij"),
        (" rm-1", "rm-1"), ("rm-1 ", "rm-1"), ("\t rm-1 \t", "rm-1"), ("rm 1", "rm 1"),
        ("", ""), (" ", ""), ("\t\t ", ""),
        (" \u{301}x", " \u{301}x"),  // the first character is a space with an accent: not a space
        ("x \u{301}", "x \u{301}"), ("  x \u{301} ", "x \u{301}"),
        ("\u{a0}x\u{a0}", "\u{a0}x\u{a0}"),  // a no-break space is not trimmed
        ("杭州 ", "杭州"), ("\nx\n", "\nx\n"),
    ])
    func trimming(_ given: String, _ expected: String) {
        #expect(given.trimmingSpaces() == expected)
        #expect(given.trimmingSpaces().unicodeScalars.elementsEqual(expected.unicodeScalars))
        #expect(given[...].trimmingSpaces() == expected, "a substring the same")
    }
}
