import Foundation

/// Where the state file lives: `--state PATH`, else `RDS_CONSOLE_STATE`,
/// else `$XDG_DATA_HOME/rds-console/state.sqlite` (`~/.local/share/…` when unset).
public enum StatePath {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (path: String, isDefault: Bool)
    {
        if let explicit, !explicit.isEmpty { return (explicit, false) }
        if let env = environment["RDS_CONSOLE_STATE"], !env.isEmpty { return (env, false) }
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return (base + "/rds-console/state.sqlite", true)
    }
}
