import CrossRegionEngine
import TerminalKit

/// The retained cross-region files of an instance, one page of them: shared by
/// Backup and Restoration (its third tab) and the retained-files view.
enum FileTable {
    static func columns(_ kind: FileKind) -> [TableColumn] {
        [kind == .data ? TableColumn("Set ID", 12) : TableColumn("Log file", 30),
         TableColumn(kind == .data ? "Backup start" : "Begin", 20, priority: 0), TableColumn("Status", 9, priority: 1),
         TableColumn("Expires", 20, priority: 2), TableColumn("Size", 10, priority: 3, right: true),
         TableColumn("Stored in", 12, priority: 4), TableColumn(kind == .data ? "Consistent" : "End", 20, priority: 5)]
    }

    /// The table (header and `rows` rows from the cursor's window) and its status line.
    static func load(_ id: String, kind: FileKind, cursor: inout ListCursor, rows: Int,
                     _ ctx: ConsoleContext) throws -> (table: Table, status: String) {
        let total = try ctx.state.crossRegionFiles(instanceID: id, query: FileQuery(kind: kind, limit: 0)).total
        let w = cursor.frame(rows: rows, total: total)
        let page = try ctx.state.crossRegionFiles(instanceID: id, query: FileQuery(kind: kind, offset: w.top, limit: rows)).items
        let table = page.enumerated().map { i, f in
            TableRow([
                "Set ID": String(f.id), "Log file": f.name.components(separatedBy: "_").last ?? f.name,
                "Backup start": UTCTime.format(f.sourceStart), "Begin": UTCTime.format(f.sourceStart),
                "Consistent": UTCTime.format(f.sourceEnd), "End": UTCTime.format(f.sourceEnd),
                "Status": f.isCopying ? "Copying" : "Completed",
                "Size": kind == .data ? Format.gigabytes(f.sizeBytes) : Format.megabytes(f.sizeBytes),
                "Stored in": f.destination, "Expires": UTCTime.format(f.expiresAt),
            ], role: RowRole(cursor: w.top + i == w.cursor, marked: false, disabled: f.isCopying))
        }
        let empty = "No retained cross-region \(kind == .data ? "data backups" : "log files")."
        return (Table(columns: columns(kind), rows: table), statusLine(w, total: total, empty: empty))
    }

    /// The data set under the cursor (what R restores from).
    static func set(_ id: String, at cursor: ListCursor, _ ctx: ConsoleContext) -> Int64? {
        let q = FileQuery(kind: .data, offset: cursor.window.cursor, limit: 1)
        return (try? ctx.state.crossRegionFiles(instanceID: id, query: q))?.items.first?.id
    }
}
