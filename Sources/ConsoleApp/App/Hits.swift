import TerminalKit

/// Where the last frame drew what a click may reach (`--mouse`): rows, tabs,
/// navigation entries, menu items and buttons. Each belongs to the component
/// that drew it (nil: the console's own), and only the focused one's answer
/// a click: a dialog stays modal under the mouse too.
struct Hit {
    let place: Rect
    let owner: ObjectIdentifier?
    /// What the click does, as the owner's key for it would.
    let action: () -> Outcome
}

extension ConsoleContext {
    /// A place `owner` drew and what a click on it does.
    func hit(_ place: Rect, by owner: AnyObject?, _ action: @escaping () -> Outcome) {
        hits.append(Hit(place: place, owner: owner.map(ObjectIdentifier.init), action: action))
    }

    /// A table's rows drawn at `places`, the first of them row `top` of the list:
    /// a click puts the cursor there (`select`).
    func hitRows(_ places: [Rect], top: Int, by owner: AnyObject, _ select: @escaping (Int) -> Void) {
        for (i, place) in places.enumerated() {
            hit(place, by: owner) {
                select(top + i)
                return .handled
            }
        }
    }

    /// Buttons of commands drawn at `places`: a click does the button's command.
    func hitCommands(_ places: [(id: Command, place: Rect)], by owner: some Component) {
        for (command, place) in places {
            hit(place, by: owner) { [unowned owner, unowned self] in owner.perform(command, self) }
        }
    }

    /// Menu items drawn at `places`: a click puts the cursor on one (`select`) and chooses it, as Enter.
    func hitMenu<ID>(_ places: [(id: ID, place: Rect)], by owner: some Component, _ select: @escaping (ID) -> Void) {
        for (id, place) in places {
            hit(place, by: owner) { [unowned owner, unowned self] in
                select(id)
                return owner.perform(.confirm, self)
            }
        }
    }

    /// Tabs drawn at `places`: a click shows that tab (`show`).
    func hitTabs(_ places: [Rect], by owner: AnyObject, _ show: @escaping (Int) -> Void) {
        for (i, place) in places.enumerated() {
            hit(place, by: owner) {
                show(i)
                return .handled
            }
        }
    }
}
