import CrossRegionEngine
import Foundation
import TerminalKit

/// The app: a stack of pages (the navigation) and a stack of overlays over
/// them. A key goes to the focused component (the top overlay, else the top
/// page, then the console's own bindings); its outcome may open or close a
/// component or run a request on the state; then each frame loads the view
/// models and draws. It knows nothing of ncurses: tests press keys and read
/// the buffer.
public final class Console {
    public let context: ConsoleContext
    /// The navigation: the root page (1, 2) and the views opened over it.
    public private(set) var pages: [any Component]
    public private(set) var overlays: [any Component] = []
    /// The navigation's page under the others (a position in `sections`).
    public private(set) var section = 0
    /// Each section's page, kept while you are elsewhere: coming back finds its
    /// tab, filter, sort and cursor as they were (and its lists still read).
    private var roots: [Int: any Component] = [:]
    /// Whether the next frame reads ahead: the first one, and the first after each key. A frame
    /// drawn because the state moved on its own (the clock following the wall, another process)
    /// does not, or every tick would read every list of the region again for keys not pressed.
    var readAheadDue = true
    public private(set) var quit = false
    /// Text a command copied, for the terminal to put on its clipboard; taken once.
    public private(set) var clipboard: String? = nil
    /// The job running between frames, and the component that started it (it gets the outcome).
    var running: (job: Job, from: any Component)?
    /// The state's change token and the region when the marks were last checked (`dropStaleMarks`).
    private var marksCheckedAt = ""

    /// The copied text, once (the terminal loop writes it out).
    public func takeClipboard() -> String? {
        defer { clipboard = nil }
        return clipboard
    }

    public init(engine: any StateAccess, region: String = Region.defaultID, palette: Palette, unicode: Bool = true,
                readOnly: Bool = false) {
        context = ConsoleContext(state: engine, region: region,
                                 palette: palette, glyphs: unicode ? .unicode : .ascii, readOnly: readOnly)
        pages = [sections[0].make()]
        roots[0] = pages[0]
    }

    /// Whether slow values (the totals of thousands of rows) wait until the frame
    /// is on screen; a terminal sets it, then calls `settle()` when no key waits.
    public var defersSlowWork: Bool {
        get { context.defersSlowWork }
        set { context.defersSlowWork = newValue }
    }

    /// Whether a job runs, or the last frame left slow work for `settle()`.
    public var hasSlowWork: Bool { running != nil || context.hasSlowWork }

    /// Whether a job runs, or the last frame left work it shows (what is read ahead aside):
    /// until then the screen is not yet the answer to the key.
    public var hasFrameWork: Bool { running != nil || context.hasFrameWork }

    /// The running job's next step, else the oldest value the last frames left for later;
    /// the next frame shows it.
    @discardableResult
    public func settle() -> Bool { stepJob() || context.settle() }

    /// What a running job is doing (the message line shows it), nil when none runs.
    public var jobProgress: String? { running?.job.progress }

    /// The component that has the keys.
    public var focused: any Component { overlays.last ?? pages.last! }

    /// What the focused component's cursor is on.
    public var selection: String? { focused.selection(context) }

    /// The actions in force: the focused overlay's alone (a modal one blocks
    /// the page's), or the page's and then the console's own.
    public var actions: [KeyAction] {
        if let top = overlays.last { return top.actions(context) }
        let page = pages.last!
        return page.actions(context) + (page.isTyping ? [] : global)
    }

    /// The keys' descriptions in force, for the footer and `?`.
    public var bindings: [Binding] { actions.bindings }

    /// The console's own actions, under every page.
    private var global: [KeyAction] {
        sections.enumerated().map { i, s in
            Binding([s.key], .showSection(i), "\(s.title) page").run { [unowned self] in show(section: i); return .handled }
        } + [
            Binding(["r"], .pickRegion, "pick the region", footer: "region").run { [unowned self] in
                .open(RegionPicker(current: context.region, regions: context.rules.regions))
            },
            Binding([":"], .commandLine, "command line: region NAME, goto ID, rpo/rto SPAN, q (Tab completes)")
                .run { .open(CommandLinePrompt()) },
            Binding(["t"], .advanceClock, "advance the clock (1d, 12h, 90m)", footer: "clock", changesState: true)
                .run { .open(Prompt(.clock)) },
            HelpBinding.page,
            Binding(["Esc"], .back, "back").run { [unowned self] in back(quitting: false) },
            Binding(["q"], .quit, "back; quit at the top", footer: "back/quit").run { [unowned self] in back(quitting: true) },
        ]
    }

    /// Esc and q: the page under this one, else the first section; q at the top quits.
    private func back(quitting: Bool) -> Outcome {
        if pages.count > 1 {
            pages.removeLast()
        } else if section != 0 {
            show(section: 0)
        } else if quitting {
            return .quit
        }
        return .handled
    }

    // MARK: Keys

    public func handle(_ key: Key) {
        readAheadDue = true
        // A job running: Esc stops it; the other keys and clicks wait (what they would act on is changing).
        if running != nil {
            if key == .escape { stopJob() }
            return
        }
        switch key {
        case .resize: return
        case .click(let x, let y): return click(x: x, y: y)
        case .wheelUp, .wheelDown:
            // Three rows at a time, as the focused component's own ↑/↓ would.
            for _ in 0..<3 { press(key == .wheelUp ? .up : .down) }
            return
        default: break
        }
        let focus = focused
        // The actions in force, built once for this key; a key none takes is the focus's own (typed text).
        let inForce = actions
        guard let action = inForce.action(for: key) else { return apply(focus.unbound(key, context), from: focus) }
        if context.readOnly, action.binding.changesState {
            context.message = (action.binding.readOnlyRefusal, true)
            return
        }
        // A command on a page replaces the last message (what it says, if anything).
        if overlays.isEmpty { context.message = nil }
        switch action.handler {
        case .run(let run): apply(run(), from: focus)
        case .text: apply(focus.unbound(key, context), from: focus)
        case .help: overlays.append(HelpOverlay(bindings: inForce.bindings, of: overlays.isEmpty ? "page" : "dialog"))
        }
    }

    /// A click: what the focused component (or, under no overlay, the
    /// navigation) drew there does what its key would; elsewhere, nothing.
    private func click(x: Int, y: Int) {
        let focus = ObjectIdentifier(focused)
        guard let hit = context.hits.last(where: {
            $0.place.contains(x: x, y: y) && ($0.owner == focus || ($0.owner == nil && overlays.isEmpty))
        }) else { return }
        if overlays.isEmpty { context.message = nil }
        apply(hit.action(), from: focused)
    }

    /// Presses keys by name (`"j"`, `"Enter"`, `"S-Tab"`, …), for tests and scripts.
    public func press(_ names: String...) {
        for n in names { if let k = Key(name: n) { handle(k) } }
    }

    /// Types text into whatever has the focus.
    public func type(_ text: String) {
        for c in text { handle(.char(c)) }
    }

    /// Presses the first key bound to `command` where the focus is; false when
    /// nothing there binds it (a test driver that speaks in commands).
    @discardableResult
    public func press(_ command: Command) -> Bool {
        guard let key = bindings.first(where: { $0.command == command })?.keys.first else { return false }
        handle(key)
        return true
    }

    func show(section i: Int) {
        section = i
        pages = [root(of: i)]
    }

    /// Section `i`'s page, made the first time it is asked for and kept.
    func root(of i: Int) -> any Component {
        let root = roots[i] ?? sections[i].make()
        roots[i] = root
        return root
    }

    func apply(_ outcome: Outcome, from component: any Component) {
        switch outcome {
        case .ignored, .handled: break
        case .close: overlays.removeAll { $0 === component }
        case .closeAll: overlays.removeAll()
        case .open(let c): overlays.append(c)
        case .show(let c):
            overlays.removeAll()
            pages.append(c)
        case .replace(let c):
            overlays.removeAll { $0 === component }
            overlays.append(c)
        case .say(let text, let error): context.message = (text, error)
        case .quit: quit = true
        case .goto(let instance):
            overlays.removeAll()
            context.apply(.setRegion(instance.regionID))
            // The first section whose page lists it: a live instance on Instances, a released one
            // where its files are (Backup Instances).
            let found = sections.indices.first { i in
                let page = roots[i] ?? sections[i].make()
                roots[i] = page
                return page.select(instance, context)
            }
            if let found { show(section: found) } else {
                context.message = ("\(instance.id) is released and keeps no files any more.", false)
            }
        case .copy(let text):
            clipboard = text
            context.message = ("Copied \(text) to the clipboard.", false)
        case .request(let r): apply(component.finished(r, run(r), context), from: component)
        case .handBack(let r):
            overlays.removeAll { $0 === component }
            let below = focused
            apply(below.finished(r, run(r), context), from: below)
        case .effect(let e): context.apply(e)
        case .start(let job): start(job, from: component)
        case .all(let list): for o in list { apply(o, from: component) }
        }
    }

    /// Once the state moved, the marks of the region shown that no list shows any more (an
    /// instance released or deleted elsewhere) are dropped: the top bar and the page count the same rows.
    /// Marks made from the lists the state shows at the key checked last need no check: a frame
    /// without marks records its key, so the first marks, made from its lists, are checked only
    /// once the state moves (at a million instances, `a` on every region's rows of a filter is not
    /// followed by 2 s of asking the state for the rows it has just listed).
    func dropStaleMarks() {
        let marks = context.marks
        guard let token = try? context.state.changeToken() else { return }
        let key = "\(token)|\(context.region ?? "*")"
        guard !marks.isEmpty else { return marksCheckedAt = key }
        guard key != marksCheckedAt else { return }
        marksCheckedAt = key
        let region = context.region
        // Thousands of marks are a question of their own: in a terminal it waits until the frame is out.
        guard context.defersSlowWork else { return unmarkGone(marks, region: region) }
        context.later(ObjectIdentifier(self)) { [weak self] in self?.unmarkGone(marks, region: region) }
    }

    /// Unmarks those of `marks` (of `region`) that neither Pending nor Backup Instances lists any more.
    private func unmarkGone(_ marks: Set<String>, region: String?) {
        let ids = Array(marks)
        var listed = Set<String>()
        for set in [InstanceFilter.Set.pending, .backup] {
            guard let rows = try? context.state.instanceIndex(InstanceFilter(set: set, regionID: region, ids: ids)) else { return }
            listed.formUnion(rows.map(\.id))
        }
        // Another region shown meanwhile: these are checked again when it is back.
        guard context.region == region else { return marksCheckedAt = "" }
        let gone = marks.subtracting(listed)
        if !gone.isEmpty { context.apply(.unmark(gone)) }
    }

    /// Runs a request on the state; the only place the console writes.
    private func run(_ request: ConsoleRequest) -> Result<RequestResult, Error> {
        let state = context.state
        return Result {
            switch request {
            case .modifyPolicy(let ids, let change, let region):
                return .changed(ids: try state.changePolicy(ids: ids, change: change, regionID: region))
            case .restore(let r): return .instance(try state.restore(r))
            case .restoreTables(let r): return .instance(try state.restore(r))
            case .release(let id): return .instance(try state.releaseInstance(id: id))
            case .advanceClock(let span):
                let from = try state.now()
                let to = try state.advanceClock(by: span)
                return .clock(to, try? state.clockReport(from: from, to: to))
            }
        }
    }
}
