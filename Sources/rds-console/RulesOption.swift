import ArgumentParser
import CrossRegionEngine

/// `--rules seed|current`: the edition of the rules a new state follows.
extension RulesEdition: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
