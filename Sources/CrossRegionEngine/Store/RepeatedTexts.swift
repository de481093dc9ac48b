import Foundation

/// The few texts a column repeats across a fleet (regions, zones, engines, classes): each is
/// made into a `String` once per read and shared by every row that holds it, so a scan of a
/// region neither validates nor allocates them row after row.
struct RepeatedTexts {
    /// Per column, the texts seen so far: at most `perColumn` of them (a column with more
    /// different values is not one that repeats, and its later values are made as usual).
    private var seen: [[(bytes: [UInt8], text: String)]] = []
    private static let perColumn = 32

    /// Column `i`'s text in `row`, shared with the rows before it that held the same bytes.
    mutating func text(_ row: RawRow, _ i: Int32) -> String {
        let bytes = row.bytes(i)
        let column = Int(i)
        if column >= seen.count { seen += Array(repeating: [], count: column + 1 - seen.count) }
        // By place, not by element: looking does not copy (and retain) what it looks at.
        for j in seen[column].indices where seen[column][j].bytes.count == bytes.count {
            let same = bytes.isEmpty || seen[column][j].bytes.withUnsafeBufferPointer { k in
                memcmp(k.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if same { return seen[column][j].text }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if seen[column].count < Self.perColumn { seen[column].append((Array(bytes), text)) }
        return text
    }

    mutating func text<C: RowColumn>(_ row: RawRow, _ c: C) -> String { text(row, c.rawValue) }

    mutating func optionalText<C: RowColumn>(_ row: RawRow, _ c: C) -> String? {
        row.isNull(c.rawValue) ? nil : text(row, c.rawValue)
    }
}
