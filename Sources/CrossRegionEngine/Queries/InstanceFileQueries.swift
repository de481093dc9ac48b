/// A question about one instance: its ID is checked as a caller's.
public protocol OneInstanceQuery: StateQuery {
    var instanceID: String { get }
}

extension OneInstanceQuery {
    public func check(_ rules: RulesEdition) throws { try QueryChecks.id(instanceID) }
}

/// A page of an instance's cross-region files, copying ones included.
public struct CrossRegionFilesQuery: OneInstanceQuery {
    public static let name = "CrossRegionFiles"
    public var instanceID: String
    public var query: FileQuery
    public init(instanceID: String, query: FileQuery) {
        self.instanceID = instanceID
        self.query = query
    }

    public func check(_ rules: RulesEdition) throws {
        try QueryChecks.id(instanceID)
        guard (0...Int(Int32.max)).contains(query.offset), (0...1_000).contains(query.limit) else {
            throw EngineError(.invalidParametersFormat, "A page of files starts at 0 to \(Int32.max) and holds 0 to 1000 files.")
        }
    }

    public func answer(_ engine: Engine) throws -> FilePage { try engine.crossRegionFiles(instanceID: instanceID, query: query) }
}

/// An instance's local backups kept now, newest first.
public struct LocalBackupsQuery: OneInstanceQuery {
    public static let name = "LocalBackups"
    public var instanceID: String
    public init(instanceID: String) { self.instanceID = instanceID }

    public func answer(_ engine: Engine) throws -> [LocalBackup] { try engine.localBackups(instanceID: instanceID, from: nil, to: nil) }
}

/// An instance's local binlogs of the last 7 days, newest first.
public struct LocalLogFilesQuery: OneInstanceQuery {
    public static let name = "LocalLogFiles"
    public var instanceID: String
    public init(instanceID: String) { self.instanceID = instanceID }

    public func answer(_ engine: Engine) throws -> [LocalLogFile] { try engine.localLogFiles(instanceID: instanceID) }
}

/// The restorable windows of an instance's completed cross-region sets (R6.2).
public struct RecoveryWindowsQuery: OneInstanceQuery {
    public static let name = "RecoveryWindows"
    public var instanceID: String
    public init(instanceID: String) { self.instanceID = instanceID }

    public func answer(_ engine: Engine) throws -> [RecoveryWindow] { try engine.recoveryWindows(instanceID: instanceID) }
}
