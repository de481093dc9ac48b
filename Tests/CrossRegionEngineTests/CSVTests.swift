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

    @Test("Line breaks of every kind are quoted, beyond ASCII too; other letters are written as they are; a line appended as bytes is the line")
    func beyondASCII() {
        for s in ["a\u{2028}b", "a\u{2029}b", "a\u{85}b", "a\u{0B}b", "a\u{0C}b", "a\rb", "订单,二", "订单\"二"] {
            #expect(CSV.field(s) == "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"", "\(s.unicodeScalars.map(\.value))")
        }
        for s in ["订单", "café-1", "a\u{2027}b", "", "x y"] { #expect(CSV.field(s) == s) }
        #expect(CSV.field("=订单") == "\"'=订单\"")
        let fields = ["rm-1", "订单,二", "=1+1", "", "say \"hi\""]
        var bytes: [UInt8] = []
        CSV.append(line: fields[...], to: &bytes)
        CSV.append(line: fields[1...], to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == CSV.line(fields) + "\n" + CSV.line(Array(fields[1...])) + "\n")
        #expect(CSV.line([]) == "" && CSV.line([""]) == "")
    }
}
