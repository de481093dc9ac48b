import Foundation
import TerminalKit

/// The themes shipped inside the binary (`Themes/*.toml`, embedded at build
/// time), so that any copy of it finds them; and where users keep their own.
public enum BuiltinThemes {
    /// Name → TOML text.
    public static let texts: [String: String] = [
        "aliyun": String(decoding: PackageResources.aliyun_toml, as: UTF8.self),
        "dark": String(decoding: PackageResources.dark_toml, as: UTF8.self),
        "high-contrast": String(decoding: PackageResources.high_contrast_toml, as: UTF8.self),
        "mono": String(decoding: PackageResources.mono_toml, as: UTF8.self),
    ]

    public static let defaultName = "aliyun"

    /// Attributes only: what `NO_COLOR` chooses, and the fallback of last resort.
    public static let mono: Theme = try! Theme.parse(texts["mono"]!, name: "mono")

    /// Folders whose `NAME.toml` override the built-in themes by name, first
    /// match wins: `$RDS_CONSOLE_THEMES`, then `$XDG_CONFIG_HOME/rds-console/themes`
    /// (`~/.config/rds-console/themes`).
    public static func userFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return [environment["RDS_CONSOLE_THEMES"].flatMap { $0.isEmpty ? nil : $0 }, config + "/rds-console/themes"]
            .compactMap { $0 }
    }

    /// Theme `name` from the user's folders or the built-in ones.
    public static func load(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        // A user's theme leaves out what it does not change: those slots are the default theme's.
        let base = try? Theme.parse(texts[defaultName]!, name: defaultName)
        return try Theme.load(named: name, searchPath: userFolders(environment: environment), builtin: texts, base: base)
    }
}
