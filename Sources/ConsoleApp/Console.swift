import CrossRegionEngine
import Foundation
import TerminalKit

/// The console: its state, what each key does to it and to the engine, and
/// (in `Console+View`) how it draws into a `Buffer`. It knows nothing of
/// ncurses; tests press keys by name and read the buffer.
public final class Console {
    /// The state: an `Engine` over a local file, or a server's (`RemoteState`).
    public let engine: any StateAccess
    public var palette: Palette
    public let glyphs: Glyphs
    public internal(set) var state: ConsoleState
    /// Rows of the main table at the last frame (for paging).
    var visibleRows = 10
    /// Counts computed at the engine's change token `countsToken` (counting a
    /// big region is the one cost that grows with the fleet; scrolling reuses it).
    private var counts: [String: Int] = [:]
    private var countsToken: Int64 = -1
    private var listIndex: ListIndex? = nil

    public init(engine: any StateAccess, region: String = "cn-hangzhou", palette: Palette, unicode: Bool = true) {
        self.engine = engine
        self.palette = palette
        self.glyphs = unicode ? .unicode : .ascii
        self.state = ConsoleState(region: Region.named(region) != nil ? region : "cn-hangzhou")
    }

    /// Presses keys by name (`"j"`, `"Enter"`, `"S-Tab"`, …), for tests and scripts.
    public func press(_ names: String...) {
        for n in names { if let k = Key(name: n) { handle(k) } }
    }

    /// Types text into whatever has the focus.
    public func type(_ text: String) {
        for c in text { handle(.char(c)) }
    }

    func say(_ text: String, error: Bool = false) {
        state.message = text
        state.messageIsError = error
    }

    /// Runs an engine request; its refusal becomes the message line.
    @discardableResult
    func attempt<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch let e as EngineError {
            say(e.message, error: true)
        } catch {
            say("\(error)", error: true)
        }
        return nil
    }

    // MARK: Keys

    public func handle(_ key: Key) {
        if key == .resize { return }
        if state.overlay != nil { handleOverlay(key); return }
        if state.editingFilter { handleFilter(key); return }
        guard let action = KeyMap.action(for: key, in: state) else { return }
        state.message = nil
        perform(action)
    }

    func perform(_ action: Action) {
        switch action {
        case .showInstances:
            state.detail = nil
            state.page = .instances
        case .showCrossRegion:
            state.detail = nil
            state.page = .crossRegion
        case .nextTab, .previousTab:
            switchTab(forward: action == .nextTab)
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .pageUp: move(by: -max(1, visibleRows - 1))
        case .pageDown: move(by: max(1, visibleRows - 1))
        case .first: move(by: Int.min / 2)
        case .last: move(by: Int.max / 2)
        case .open: open()
        case .back, .quit:
            if state.detail != nil { state.detail = nil } else if state.page == .crossRegion {
                state.page = .instances
            } else if action == .quit { state.quit = true }
        case .pickRegion:
            state.overlay = .regionPicker(cursor: Region.all.firstIndex { $0.id == state.region } ?? 0)
        case .filter:
            state.editingFilter = true
        case .help:
            state.overlay = .help
        case .advanceClock:
            state.overlay = .clockPrompt(text: "", error: nil)
        case .more:
            if let id = cursorInstanceID { state.overlay = .menu(instanceID: id, cursor: 0) }
        case .mark:
            if let id = cursorInstanceID {
                if state.marks.contains(id) { state.marks.remove(id) } else { state.marks.insert(id) }
                move(by: 1)
            }
        case .markAll:
            let ids = visibleIDs()
            state.marks.formUnion(ids)
            say("\(ids.count) rows marked")
        case .clearMarks:
            state.marks.removeAll()
        case .batchSettings:
            let ids = state.marks.isEmpty ? (cursorInstanceID.map { [$0] } ?? []) : state.marks.sorted()
            openSettings(ids)
        case .settings:
            if let id = cursorInstanceID { openSettings([id]) }
        case .edit:
            if case .backupAndRestoration(let id, _)? = state.detail { openSettings([id]) }
        case .restore:
            openRestore()
        }
    }

    func switchTab(forward: Bool) {
        switch state.detail {
        case .backupAndRestoration(let id, let tab)?:
            state.detail = .backupAndRestoration(instanceID: id, tab: (tab + (forward ? 1 : 2)) % 3)
        case .files(let id, let tab)?:
            state.detail = .files(instanceID: id, tab: 1 - tab)
        case nil:
            if state.page == .crossRegion { state.crossTab = state.crossTab == .backup ? .pending : .backup }
        }
    }

    func move(by delta: Int) {
        var w = state.windows[state.listName] ?? ScrollWindow()
        let total = listCount
        // delta is at most Int.max / 2 either way (g and G), so the sum cannot overflow.
        w.cursor = max(0, min(total - 1, w.cursor + delta))
        w.clamp(count: total, rows: visibleRows)
        state.windows[state.listName] = w
    }

    func open() {
        guard let id = cursorInstanceID else { return }
        switch (state.page, state.crossTab) {
        case (.instances, _): state.detail = .backupAndRestoration(instanceID: id, tab: 0)
        case (.crossRegion, .backup): state.detail = .files(instanceID: id, tab: 0)
        default: break
        }
    }

    func handleFilter(_ key: Key) {
        let name = state.listName
        var text = state.filters[name] ?? ""
        switch key {
        case .enter: state.editingFilter = false
        case .escape:
            state.editingFilter = false
            text = ""
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .char(let c): text.append(c)
        default: return
        }
        state.filters[name] = text.isEmpty ? nil : text
        state.windows[name] = ScrollWindow()
    }

    // MARK: Data of the current list

    /// The engine query behind the current page's table.
    var listFilter: InstanceFilter {
        let set: InstanceFilter.Set = state.page == .instances ? .live : (state.crossTab == .backup ? .backup : .pending)
        return InstanceFilter(set: set, regionID: state.region, searchKey: state.filters[state.listName])
    }

    var listCount: Int {
        let token = (try? engine.changeToken()) ?? -1
        if token != countsToken || token < 0 {
            counts = [:]
            countsToken = token
        }
        let key = "\(state.listName)|\(state.region)|\(state.filters[state.listName] ?? "")|\(String(describing: state.detail))"
        if let n = counts[key] { return n }
        let n = uncachedCount
        counts[key] = n
        return n
    }

    private var uncachedCount: Int {
        switch state.detail {
        case .backupAndRestoration(let id, let tab)?:
            switch tab {
            case 0: return (try? engine.localBackups(instanceID: id).count) ?? 0
            case 1: return (try? engine.localLogFiles(instanceID: id).count) ?? 0
            default: return (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .data, limit: 0)).total) ?? 0
            }
        case .files(let id, let tab)?:
            return (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: tab == 0 ? .data : .log, limit: 0)).total) ?? 0
        case nil:
            return visibleIDs().count
        }
    }

    /// The IDs the current page's table shows, filter applied, in ID order.
    func visibleIDs() -> [String] {
        let token = (try? engine.changeToken()) ?? -1
        var f = listFilter
        f.searchKey = nil
        let key = "\(f)"
        if listIndex == nil || listIndex!.key != key || listIndex!.token != token || token < 0 {
            let rows = attempt { try engine.instanceIndex(f) } ?? []
            listIndex = ListIndex(key: key, token: token, rows: rows)
        }
        return listIndex!.filter(state.filters[state.listName] ?? "")
    }

    /// The instances of rows `range` of the current page's table.
    func pageInstances(_ range: Range<Int>) -> [Instance] {
        let ids = visibleIDs()
        let slice = Array(ids[max(0, min(range.lowerBound, ids.count))..<max(0, min(range.upperBound, ids.count))])
        guard !slice.isEmpty else { return [] }
        return (try? engine.instances(ids: slice)) ?? []
    }

    /// The instance under the cursor of a page's table.
    var cursorInstanceID: String? {
        guard state.detail == nil else { return nil }
        let w = state.windows[state.listName] ?? ScrollWindow()
        let ids = visibleIDs()
        return w.cursor < ids.count ? ids[w.cursor] : nil
    }
}
