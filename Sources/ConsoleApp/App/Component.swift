import CrossRegionEngine
import TerminalKit

/// A write the console asks of the state. Components never write themselves:
/// they return one of these, the console runs it, and hands the answer back
/// to the component that asked (`Component.finished`).
public enum ConsoleRequest: Sendable {
    case modifyPolicy(ids: [String], change: PolicyChange, regionID: String?)
    case restore(RestoreRequest)
    case restoreTables(TableRestore)
    case release(id: String)
    case advanceClock(by: Seconds)
}

/// What a request returned.
public enum RequestResult: Sendable {
    /// The instances a policy change set.
    case changed(ids: [String])
    case instance(Instance)
    /// The clock's new time, and what the stretch did (nil when it could not be counted).
    case clock(Seconds, ClockReport?)
}

/// What a component did with a key.
public enum Outcome {
    /// Not this component's key: the layer below may take it (a page's
    /// unknown key goes to the console's own bindings; a modal overlay's
    /// goes nowhere).
    case ignored
    /// Taken; redraw.
    case handled
    /// Close this overlay.
    case close
    /// Close every overlay (a confirmation and the dialog under it).
    case closeAll
    /// Open an overlay over the focused component.
    case open(any Component)
    /// Show a page over the current one (Esc comes back).
    case show(any Component)
    /// Close this overlay and open another in its place.
    case replace(any Component)
    /// Run a request; the answer comes back to `finished`.
    case request(ConsoleRequest)
    /// Close this overlay and run a request for the component under it, which gets the answer
    /// (a confirmation hands the dialog's own request back to it).
    case handBack(ConsoleRequest)
    /// Show this instance: its region, the Instances page, the cursor on it.
    case goto(Instance)
    /// Leave the console.
    case quit
    /// Put this text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// A line for the message bar.
    case say(String, error: Bool)
    /// A change of the console's own choices (region, marks, targets), applied by `Console`.
    case effect(ConsoleEffect)
    /// Long work, a step at a time between frames, with its progress said (Esc stops it).
    case start(Job)
    /// Several at once, in order.
    case all([Outcome])
}

extension Outcome {
    /// What `body` answers, or the reason it could not in the message line.
    static func attempt(_ body: () throws -> Outcome) -> Outcome {
        do {
            return try body()
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }
}

/// The console-wide choices a component may change, by asking `Console` to (`Outcome.effect`).
public enum ConsoleEffect: Sendable, Equatable {
    /// The region the pages show; nil: every region.
    case setRegion(String?)
    case setTarget(DrillTarget, Seconds?)
    case mark(Set<String>)
    case unmark(Set<String>)
    case toggleMark(String)
    case clearMarks
}

/// The drill's two targets.
public enum DrillTarget: Sendable, Equatable {
    case rpo, rto
}

/// A page or an overlay: it takes keys, lists its bindings, and draws a view
/// model it loads from the state. An overlay is modal: the keys it does not
/// take go nowhere.
public protocol Component: AnyObject {
    /// A text field of this page has the keys: the console's own bindings
    /// (1, 2, r, t, ?, q) are off, so those letters can be typed.
    var isTyping: Bool { get }
    /// The actions in force while this component has the focus, each with its keys, words,
    /// flag and handler; the console runs the first whose keys match.
    func actions(_ ctx: ConsoleContext) -> [KeyAction]
    /// A key no action takes: typed text for the focused field; the default ignores it.
    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome
    /// Draws into `area` (the page's area; the screen, for an overlay).
    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext)
    /// What the cursor is on (an instance ID, a set ID, a region), for tests and scripts.
    func selection(_ ctx: ConsoleContext) -> String?
    /// The answer to a request this component made.
    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome
    /// Puts the cursor on `instance` (`:goto`, a plan's Enter); false when this page does not list it.
    func select(_ instance: Instance, _ ctx: ConsoleContext) -> Bool
    /// Reads what the next frame shows of this component (the state, slow values) before any
    /// cell is drawn; the answer draws without reading anything.
    func prepare(area: Rect, _ ctx: ConsoleContext) -> Drawing
    /// Leaves for after the frame (`ConsoleContext.later`) the reading of what a likely next key
    /// shows and is not read yet: another tab's list, or this page's when it is not on screen.
    func readAhead(_ ctx: ConsoleContext)
}

/// A component's part of a frame, read already: drawing it reads nothing.
public struct Drawing {
    let draw: (inout Buffer) -> Void
}

extension Component {
    public var isTyping: Bool { false }

    public func select(_ instance: Instance, _ ctx: ConsoleContext) -> Bool { false }

    /// A component that reads nothing to draw draws itself.
    public func prepare(area: Rect, _ ctx: ConsoleContext) -> Drawing {
        Drawing { [self] b in self.render(into: &b, area: area, ctx) }
    }

    public func selection(_ ctx: ConsoleContext) -> String? { nil }

    /// Most components read nothing ahead.
    public func readAhead(_ ctx: ConsoleContext) {}

    public func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome { .ignored }

    /// The keys' descriptions in force, for the footer and `?`.
    public func bindings(_ ctx: ConsoleContext) -> [Binding] { actions(ctx).bindings }

    public func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>,
                         _ ctx: ConsoleContext) -> Outcome {
        if case .failure(let e) = result { return .say(ConsoleContext.describe(e), error: true) }
        return .handled
    }
}

/// A component whose drawing reads only a view model it loads first; a
/// failure to load becomes an error line in its area, never an empty table.
public protocol ViewModelComponent: Component {
    associatedtype Model
    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model
    func draw(_ model: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext)
}

extension ViewModelComponent {
    /// Loads the view model now; the drawing draws it (or why the state could not be read).
    public func prepare(area: Rect, _ ctx: ConsoleContext) -> Drawing {
        do {
            let model = try load(area: area, ctx)
            return Drawing { [self] b in self.draw(model, into: &b, area: area, ctx) }
        } catch {
            let text = "Cannot read the state: \(ConsoleContext.describe(error))"
            return Drawing { b in
                WrappedText(text, slot: .messageError).render(into: &b, area: area.splitTop(3).top, palette: ctx.palette)
            }
        }
    }

    public func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        prepare(area: area, ctx).draw(&b)
    }
}
