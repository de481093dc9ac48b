import CrossRegionEngine
import TerminalKit

/// One page's list of instances (a set of the console's region), with its `/`
/// filter and cursor. The IDs are read once per change of the state and
/// filtered here as the user types; a frame reads only the rows on screen.
final class InstanceList {
    let set: InstanceFilter.Set
    /// The table's columns: `<` and `>` sort by each in turn, by the engine's key for it.
    let columns: [TableColumn]
    private(set) var order = InstanceOrder.byID
    var cursor = ListCursor()
    private(set) var filter = TextField("", maxLength: 64)
    private(set) var editing = false
    private var index: ListIndex?
    /// The region the rows were read for (nil: every region), once read.
    private var region: String?
    private var read = false

    init(_ set: InstanceFilter.Set, columns: [TableColumn], order: InstanceOrder = .byID) {
        self.set = set
        self.columns = columns
        self.order = order
    }

    /// The header mark of the sorted column.
    func sortMark(_ ctx: ConsoleContext) -> (title: String, mark: String)? {
        sortable(ctx).first { $0.key == order.key }.map { ($0.title, order.descending ? ctx.glyphs.sortDown : ctx.glyphs.sortUp) }
    }

    /// Every column the table shows here (a Region column in All regions), with its key.
    private func sortable(_ ctx: ConsoleContext) -> [(title: String, key: InstanceOrder.Key)] {
        InstanceColumns.forScope(columns, ctx).compactMap { c in InstanceColumns.sortKeys[c.title].map { (c.title, $0) } }
    }

    var filterText: String { filter.text }

    /// The rows the list shows, filter applied, in the list's order.
    func ids(_ ctx: ConsoleContext) throws -> ListRows {
        if !read || region != ctx.region {
            // Another region: its own rows, from the top, unfiltered.
            if read { filter.set("") }
            read = true
            region = ctx.region
            cursor = ListCursor()
        }
        let token = try ctx.state.changeToken()
        let query = query(ctx)
        let key = "\(query)"
        if index == nil || index!.key != key || index!.token != token {
            let rows = ListIndex(key: key, token: token, rows: try ctx.state.instanceIndex(query))
            index = rows
            // What the first filter key would find first, found after the frame instead.
            if ctx.defersSlowWork { ctx.later(ObjectIdentifier(rows), ahead: true) { [weak rows] in rows?.prepareFilter() } }
        }
        return index!.filter(filter.text)
    }

    /// What the list reads for the console's region, in its order.
    private func query(_ ctx: ConsoleContext) -> InstanceFilter {
        var query = InstanceFilter(set: set, regionID: ctx.region)
        query.order = order
        return query
    }

    /// Whether the rows are read for the state, the region and the order in force.
    func isRead(_ ctx: ConsoleContext) -> Bool {
        guard let token = try? ctx.state.changeToken() else { return false }
        return isRead(token: token, ctx)
    }

    private func isRead(token: Int64, _ ctx: ConsoleContext) -> Bool {
        read && region == ctx.region && index?.key == "\(query(ctx))" && index?.token == token
    }

    /// What `readAhead` last left to read: it is left once per region, order and state, read or not.
    private var readAheadKey: String?

    /// Leaves the reading of the rows for after the frame, unless they are read already for the
    /// state, the region and the order in force: a key that shows this list (a tab, a page)
    /// then draws at once. A state that cannot be read is left to the frame to say so.
    func readAhead(_ ctx: ConsoleContext) {
        guard let token = try? ctx.state.changeToken(), !isRead(token: token, ctx) else { return }
        let key = "\(query(ctx))|\(token)"
        guard readAheadKey != key else { return }
        readAheadKey = key
        ctx.later(ObjectIdentifier(self), ahead: true) { [weak self, unowned ctx] in _ = try? self?.ids(ctx) }
    }

    /// The instance under the cursor.
    func cursorID(_ ctx: ConsoleContext) -> String? {
        guard let ids = try? ids(ctx) else { return nil }
        return cursor.window.cursor < ids.count ? ids[cursor.window.cursor] : nil
    }

    private var markedCache: (key: String, count: Int)?

    /// How many rows of the list (filter applied) are marked; counted once per
    /// change of the rows or of the marks, not every frame.
    func markedCount(_ ctx: ConsoleContext) throws -> Int {
        guard !ctx.marks.isEmpty else { return 0 }
        let ids = try ids(ctx)
        let key = marksKey(ctx)
        if let markedCache, markedCache.key == key { return markedCache.count }
        let count = ids.countShown(ctx.marks)
        markedCache = (key, count)
        return count
    }

    /// The marked rows of the list (filter applied), in its order.
    func markedIDs(_ ctx: ConsoleContext) throws -> [String] {
        ctx.marks.isEmpty ? [] : try ids(ctx).shown(ctx.marks)
    }

    /// What the marked rows are, for a value computed from them: it changes
    /// when the rows, the filter or the marks do.
    func marksKey(_ ctx: ConsoleContext) -> String {
        "\(index?.key ?? "")|\(index?.token ?? -1)|\(filter.text)|\(ctx.marksVersion)"
    }

    /// Puts the cursor on `id`, clearing the filter if it hides it; false when the list has no such row.
    func select(_ id: String, _ ctx: ConsoleContext) -> Bool {
        guard var ids = try? ids(ctx) else { return false }
        if ids.offset(of: id) == nil && !filter.text.isEmpty {
            filter.set("")
            guard let all = try? self.ids(ctx) else { return false }
            ids = all
        }
        guard let i = ids.offset(of: id) else { return false }
        cursor.window.cursor = i
        cursor.window.top = max(0, i - cursor.visibleRows / 2)
        return true
    }

    /// The rows on screen for a table of `rows` rows.
    func page(rows: Int, _ ctx: ConsoleContext) throws -> (instances: [Instance], window: ScrollWindow, total: Int) {
        let ids = try ids(ctx)
        let w = cursor.frame(rows: rows, total: ids.count)
        let slice = Array(ids[min(w.top, ids.count)..<min(w.top + rows, ids.count)])
        // The state answers in ID order: put the rows back in the list's own (a sort's) order.
        let byID = Dictionary(try ctx.state.instances(ids: slice).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return (slice.compactMap { byID[$0] }, w, ids.count)
    }

    // MARK: Keys

    /// `y`: the cursor row's instance ID to the clipboard.
    static let copyBinding = Binding(["y"], .copy, "copy the instance ID to the clipboard (OSC 52)")
    /// `x`: every row the filter shows, to a file.
    static let exportBinding = Binding(["x"], .export, "export every row the filter shows to CSV or JSON", footer: "export")

    /// The export prompt for this list's rows, named after `name`.
    func export(name: String, _ ctx: ConsoleContext) -> Outcome {
        do {
            return .open(Prompt(Export.prompt(ids: try ids(ctx).shown, name: name, ctx)))
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }

    /// The actions of a page that shows this list, one rule for every such page: the filter
    /// line's alone while it is typed in; else the page's own (`own`) first, then the list's.
    func actions(own: [KeyAction], _ ctx: ConsoleContext) -> [KeyAction] {
        if editing {
            return [Binding(["Enter"], .keepFilter, "keep the filter", footer: "keep").run { [unowned self] in
                        editing = false
                        return .handled
                    },
                    Binding(["Esc"], .clearFilter, "clear the filter", footer: "clear").run { [unowned self] in
                        editing = false
                        return clearFilter()
                    },
                    TextFieldBinding.editing]
        }
        let clear = filter.text.isEmpty ? [] : [
            Binding(["Esc"], .clearFilter, "clear the filter (then Esc goes back)", footer: "clear filter")
                .run { [unowned self] in clearFilter() },
        ]
        return own + clear + [
            Binding(["/"], .filter, "filter by ID or description (Enter keeps, Esc clears)", footer: "filter")
                .run { [unowned self] in
                    editing = true
                    return .handled
                },
            Binding([">"], .sortNext, "sort by the next column", footer: "sort", label: "</>")
                .run { [unowned self, unowned ctx] in sort(by: 1, ctx) },
            Binding(["<"], .sortPrevious, "sort by the previous column").run { [unowned self, unowned ctx] in sort(by: -1, ctx) },
            Binding(["I"], .sortInvert, "invert the sort order").run { [unowned self] in
                order.descending.toggle()
                cursor = ListCursor()
                return .handled
            },
        ] + ListCursor.actions { [unowned self, unowned ctx] move in
            cursor.move(move, total: (try? ids(ctx).count) ?? 0)
        }
    }

    /// What a key does with the cursor row's instance (nothing on an empty list).
    func onCursor(_ ctx: ConsoleContext, _ then: @escaping (String) -> Outcome) -> () -> Outcome {
        { [unowned self, unowned ctx] in cursorID(ctx).map(then) ?? .handled }
    }

    /// A key typed into the filter line (the page's `unbound`); outside it, nothing.
    func type(_ key: Key) -> Outcome {
        guard editing else { return .ignored }
        if filter.handle(key) { cursor = ListCursor() }
        return .handled
    }

    private func clearFilter() -> Outcome {
        filter.set("")
        cursor = ListCursor()
        return .handled
    }

    /// `<`, `>`: the previous or next sortable column (ascending).
    private func sort(by step: Int, _ ctx: ConsoleContext) -> Outcome {
        let sortable = sortable(ctx)
        if let i = sortable.firstIndex(where: { $0.key == order.key }) {
            let n = sortable.count
            order = InstanceOrder(sortable[(i + n + step) % n].key)
        } else {
            order = InstanceOrder(sortable[0].key)
        }
        cursor = ListCursor()
        return .handled
    }

    /// The filter line: the field while typing, else what is filtered or how to filter.
    func renderFilter(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        if editing {
            let x = b.put("Filter: ", in: area, p[.fieldFocus])
            filter.render(into: &b, area: area.splitLeft(x).rest.splitLeft(40).left, slot: .fieldFocus, focused: true,
                          palette: p)
        } else if !filter.text.isEmpty {
            b.put("Filter: \(filter.text)   (/ to change, Esc in it to clear)", in: area, p[.textMuted])
        } else {
            b.put("/ to filter by ID or description", in: area, p[.textMuted])
        }
    }
}
