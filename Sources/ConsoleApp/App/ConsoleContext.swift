import CrossRegionEngine
import TerminalKit

/// What every component shares: the state (read for view models), how to
/// draw, and the console-wide choices (region, marks, the message line).
public final class ConsoleContext {
    public let state: any StateAccess
    public let palette: Palette
    public let glyphs: Glyphs
    /// The region the pages show.
    public var region: String
    /// Stable instance IDs: marks survive filtering, paging and region changes.
    public var marks: Set<String> = []
    public internal(set) var message: (text: String, isError: Bool)? = nil

    init(state: any StateAccess, region: String, palette: Palette, glyphs: Glyphs) {
        self.state = state
        self.region = region
        self.palette = palette
        self.glyphs = glyphs
    }

    var regionName: String { Region.named(region)?.displayName ?? region }

    /// An error in words: the engine's message, or the error itself.
    public static func describe(_ error: Error) -> String {
        (error as? EngineError)?.message ?? "\(error)"
    }
}
