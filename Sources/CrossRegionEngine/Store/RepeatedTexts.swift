import Foundation

/// The few texts a column repeats across a fleet (regions, zones, engines, classes): each is
/// made into a `String` once per read and shared by every row that holds it, so a scan of a
/// region neither validates nor allocates them row after row.
struct RepeatedTexts {
    /// Per column, the texts seen so far: at most `perColumn` of them (a column with more
    /// different values is not one that repeats, and its later values are made as usual).
    private var seen: [[(bytes: [UInt8], text: String)]] = []
    private static let perColumn = 32
    /// Per column, where the text it held last is in `seen`.
    private var last: [Int] = []

    /// Column `i`'s text in `row`, shared with the rows before it that held the same bytes.
    mutating func text(_ row: RawRow, _ i: Int32) -> String {
        let bytes = row.bytes(i)
        let column = Int(i)
        if column >= seen.count {
            seen += Array(repeating: [], count: column + 1 - seen.count)
            last += Array(repeating: 0, count: column + 1 - last.count)
        }
        // The text the column held last first (rows in a region's order mostly repeat it), then
        // the others; by place, not by element: looking does not copy (and retain) what it looks at.
        let known = seen[column].count
        var j = last[column]
        for _ in 0..<known {
            if seen[column][j].bytes.count == bytes.count
                && (bytes.isEmpty || seen[column][j].bytes.withUnsafeBufferPointer {
                    memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                last[column] = j
                return seen[column][j].text
            }
            j = j + 1 == known ? 0 : j + 1
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if known < Self.perColumn {
            seen[column].append((Array(bytes), text))
            last[column] = known
        }
        return text
    }

    mutating func text<C: RowColumn>(_ row: RawRow, _ c: C) -> String { text(row, c.rawValue) }

    mutating func optionalText<C: RowColumn>(_ row: RawRow, _ c: C) -> String? {
        row.isNull(c.rawValue) ? nil : text(row, c.rawValue)
    }
}
