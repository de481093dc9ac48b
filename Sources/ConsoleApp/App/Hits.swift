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

    /// Buttons drawn at `places`, each named by the command of one of `actions`: a click does
    /// what that action's key would (a read-only console refuses it as it would the key).
    func hitButtons(_ places: [(id: Command, place: Rect)], of actions: [KeyAction], by owner: AnyObject) {
        for (command, place) in places {
            guard let action = actions.first(where: { $0.binding.command == command }),
                  case .run(let run) = action.handler else { continue }
            hit(place, by: owner) { [readOnly] in
                readOnly && action.binding.changesState ? .say(action.binding.readOnlyRefusal, error: true) : run()
            }
        }
    }

    /// Menu items drawn at `places`: a click puts the cursor on one (`select`) and chooses it, as Enter (`choose`).
    func hitMenu<ID>(_ places: [(id: ID, place: Rect)], by owner: AnyObject, _ select: @escaping (ID) -> Void,
                     choose: @escaping () -> Outcome) {
        for (id, place) in places {
            hit(place, by: owner) {
                select(id)
                return choose()
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
