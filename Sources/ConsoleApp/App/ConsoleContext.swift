import CrossRegionEngine
import TerminalKit

/// What every component shares: the state (read for view models), how to
/// draw, and the console-wide choices (region, marks, the message line).
public final class ConsoleContext {
    public let state: any StateAccess
    public let palette: Palette
    public let glyphs: Glyphs
    /// Started with `--read-only`: the keys that can change the state are off.
    public let readOnly: Bool
    /// The edition of the rules the state follows: the regions the pages offer.
    public let rules: RulesEdition
    /// The region the pages show; nil: every region (the tables gain a Region column).
    public private(set) var region: String?
    /// The drill's targets (`:rpo`, `:rto`): DR Readiness says which rows fail them.
    public private(set) var rpoTarget: Seconds?
    public private(set) var rtoTarget: Seconds?
    var hasDrillTargets: Bool { rpoTarget != nil || rtoTarget != nil }
    /// Marked instance IDs, by region: marks survive filtering and paging, and
    /// each region keeps its own (a batch is of one region).
    public private(set) var marksByRegion: [String: Set<String>] = [:]

    /// The marks of the region on screen.
    public var marks: Set<String> { marksByRegion[region ?? Self.everyRegion] ?? [] }

    /// Changes the marks of the region on screen where they are held: a set of thousands is not
    /// copied to mark one more row.
    private func changeMarks(_ body: (inout Set<String>) -> Void) {
        let key = region ?? Self.everyRegion
        body(&marksByRegion[key, default: []])
        if marksByRegion[key]?.isEmpty == true { marksByRegion[key] = nil }
        marksVersion += 1
    }

    /// Applies what a component asked for (`Outcome.effect`); only `Console` calls it, so the
    /// context changes in one place, and a component's view of it is read-only.
    func apply(_ effect: ConsoleEffect) {
        switch effect {
        case .setRegion(let r): region = r
        case .setTarget(.rpo, let s): rpoTarget = s
        case .setTarget(.rto, let s): rtoTarget = s
        case .mark(let ids): changeMarks { if $0.isEmpty { $0 = ids } else { $0.formUnion(ids) } }
        case .unmark(let ids): changeMarks { $0.subtract(ids) }
        case .toggleMark(let id): changeMarks { if $0.remove(id) == nil { $0.insert(id) } }
        case .clearMarks: changeMarks { $0.removeAll() }
        }
    }

    /// Marks in the other regions.
    var marksElsewhere: Int { marksByRegion.reduce(0) { $0 + ($1.key == (region ?? Self.everyRegion) ? 0 : $1.value.count) } }

    /// Moves whenever the marks change: what a view counted from them stays good until it does.
    private(set) var marksVersion = 0

    /// The key of the marks made with every region shown.
    static let everyRegion = "*"
    public internal(set) var message: (text: String, isError: Bool)? = nil

    /// Where the frame being drawn put what a click reaches (see `Hit`).
    var hits: [Hit] = []

    /// Whether slow values wait until the frame is on screen (a terminal), or are
    /// computed as the frame is drawn (tests, exports).
    public var defersSlowWork = false
    /// How many instances a part of a long sum takes (tests); nil: the size follows the time parts take.
    var partInstances: Int? = nil
    /// The slow work the last frames left, one per value (the newest wins), oldest first:
    /// what the frame shows, then what a likely next key would show (`ahead`).
    private var slowWork: [(slot: ObjectIdentifier, work: () -> Void)] = []
    private var aheadWork: [(slot: ObjectIdentifier, work: () -> Void)] = []

    /// Whether any slow work is left.
    var hasSlowWork: Bool { !slowWork.isEmpty || !aheadWork.isEmpty }

    /// Whether slow work the frame shows is left (not counting reading ahead).
    var hasFrameWork: Bool { !slowWork.isEmpty }

    /// Leaves `work` for after the frame; `ahead`: it reads for a key not pressed yet, so it
    /// waits for every value the frame itself shows. A value is read once: one the frame
    /// shows leaves the queue of what is read ahead, and is not read ahead again meanwhile.
    func later(_ slot: ObjectIdentifier, ahead: Bool = false, _ work: @escaping () -> Void) {
        func put(_ queue: inout [(slot: ObjectIdentifier, work: () -> Void)]) {
            if let i = queue.firstIndex(where: { $0.slot == slot }) { queue[i].work = work } else { queue.append((slot, work)) }
        }
        if ahead {
            guard !slowWork.contains(where: { $0.slot == slot }) else { return }
            put(&aheadWork)
        } else {
            aheadWork.removeAll { $0.slot == slot }
            put(&slowWork)
        }
    }

    /// Does the oldest piece of slow work left (what the frame shows first), so that a key
    /// pressed meanwhile waits for one value at most; true when there was some.
    func settle() -> Bool {
        if !slowWork.isEmpty {
            slowWork.removeFirst().work()
        } else if !aheadWork.isEmpty {
            aheadWork.removeFirst().work()
        } else {
            return false
        }
        return true
    }

    /// A pulled state's origin and plan, and the instances planned, asked again when the state changes.
    private var rehearsalCache: (token: Int64, value: AccountRehearsal?, planned: Set<String>)?

    /// Where a pulled state came from and its plan (nil for a state made here).
    var rehearsal: AccountRehearsal? { rehearsalNow()?.value }

    /// The instances whose policy the plan changes (marked in the lists).
    var plannedIDs: Set<String> { rehearsalNow()?.planned ?? [] }

    private func rehearsalNow() -> (token: Int64, value: AccountRehearsal?, planned: Set<String>)? {
        guard let token = try? state.changeToken() else { return rehearsalCache }
        if rehearsalCache?.token != token {
            let value = (try? state.accountRehearsal()) ?? nil
            rehearsalCache = (token, value, value?.plannedIDs ?? [])
        }
        return rehearsalCache
    }

    init(state: any StateAccess, region: String?, palette: Palette, glyphs: Glyphs, readOnly: Bool) {
        self.state = state
        let rules = (try? state.rulesEdition()) ?? .unrecorded
        self.rules = rules
        self.readOnly = readOnly
        // An unknown region falls back to the edition's first.
        self.region = region.map { rules.region($0)?.id ?? rules.regions[0].id }
        self.palette = palette
        self.glyphs = glyphs
    }

    var regionName: String { region.map { Region.named($0)?.displayName ?? $0 } ?? "All regions" }

    /// An error in words: the engine's message, or the error itself.
    public static func describe(_ error: Error) -> String {
        (error as? EngineError)?.message ?? "\(error)"
    }
}
