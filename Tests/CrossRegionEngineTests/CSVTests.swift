import Testing
@testable import CrossRegionEngine

@Suite("CSV")
struct CSVTests {
    @Test("RFC 4180 quoting, and a cell a spreadsheet would run as a formula is written as text (OWASP CSV injection)")
    func fields() {
        #expect(CSV.line(["rm-1", "a,b", #"say "hi""#, "two\nlines"]) == "rm-1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"")
        #expect(CSV.field("=HYPERLINK(\"http://x\",\"y\")") == #""'=HYPERLINK(""http://x"",""y"")""#)
        #expect(CSV.field("+1+cmd|' /C calc'!A0") == #""'+1+cmd|' /C calc'!A0""#)
        #expect(CSV.field("@SUM(A1)") == #""'@SUM(A1)""#)
        #expect(CSV.field("-2+3") == #""'-2+3""#)
        #expect(CSV.field("\tx") == "\"'\tx\"")
        #expect(CSV.field("-12.5") == "-12.5" && CSV.field("+3") == "+3", "a number stays a number")
        #expect(CSV.field("orders=primary") == "orders=primary")
    }
}
