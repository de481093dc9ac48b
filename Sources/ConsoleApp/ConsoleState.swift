import CrossRegionEngine
import TerminalKit

/// The two pages of the left navigation.
public enum Page: Sendable, Equatable {
    case instances
    case crossRegion
}

/// The tabs of the Cross-region Backup page (it opens on Backup Instances, like the web console).
public enum CrossTab: Sendable, Equatable {
    case backup
    case pending
}

/// A view opened over a page with Enter.
public enum Detail: Sendable, Equatable {
    /// Backup and Restoration of one instance: tabs 0 data, 1 log, 2 cross-region.
    case backupAndRestoration(instanceID: String, tab: Int)
    /// The retained cross-region files of one instance: tab 0 data, 1 log.
    case files(instanceID: String, tab: Int)
}

/// What floats over the screen and takes the keys first.
public enum Overlay: Sendable, Equatable {
    case help
    case regionPicker(cursor: Int)
    case menu(instanceID: String, cursor: Int)
    case clockPrompt(text: String, error: String?)
    case confirmRelease(instanceID: String, typed: String, error: String?)
    case settings(SettingsForm)
    case restore(RestoreForm)
}

/// Everything the console shows, apart from the engine's data.
public struct ConsoleState: Sendable, Equatable {
    public var region: String
    public var page: Page = .instances
    public var crossTab: CrossTab = .backup
    public var detail: Detail? = nil
    public var overlay: Overlay? = nil
    /// Stable instance IDs: marks survive filtering, paging and region changes.
    public var marks: Set<String> = []
    /// The `/` filter of each list, by list name.
    public var filters: [String: String] = [:]
    public var editingFilter = false
    public var windows: [String: ScrollWindow] = [:]
    public var message: String? = nil
    public var messageIsError = false
    public var quit = false

    public init(region: String) {
        self.region = region
    }

    /// The name of the list the keys move in now.
    var listName: String {
        switch detail {
        case .backupAndRestoration(_, let tab)?: return "detail\(tab)"
        case .files(_, let tab)?: return "files\(tab)"
        case nil:
            switch page {
            case .instances: return "instances"
            case .crossRegion: return crossTab == .backup ? "backup" : "pending"
            }
        }
    }
}
