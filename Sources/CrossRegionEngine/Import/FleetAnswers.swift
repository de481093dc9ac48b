import Foundation

/// The JSON answers a user saved from the aliyun CLI or an SDK, read for
/// `rds-console import`: `DescribeDBInstances` pages (the whole response or
/// its `Items.DBInstance` array), and optionally `DescribeDBInstanceAttribute`,
/// `DescribeInstanceCrossBackupPolicy` (or a region's
/// `DescribeCrossRegionBackupDBInstance` pages), `DescribeDBInstanceTDE` answers, and
/// the files of `DescribeCrossRegionBackups` and `DescribeCrossRegionLogBackupFiles`.
/// A file may hold one answer or an array of them.
public struct FleetAnswers: Sendable, Equatable {
    /// Where a value came from: the file and the JSON path inside it.
    public struct Origin: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var path: String
        public var description: String { "\(file) at \(path)" }
    }

    /// One `Items.DBInstance` entry.
    public struct Listed: Sendable, Equatable {
        public var origin: Origin
        public var id: String
        public var regionID: String
        public var zoneID: String?
        public var description: String?
        public var engine: String
        public var engineVersion: String
        public var category: String?
        public var storageType: String?
        public var instanceClass: String?
        public var status: String?
        public var payType: String?
        public var netType: String?
        public var vpcID: String?
        public var vSwitchID: String?
        public var createTime: Seconds?
    }

    /// What `DescribeDBInstanceAttribute` adds: the storage size and what is used of it.
    public struct Attribute: Sendable, Equatable {
        public var origin: Origin
        public var id: String
        public var category: String?
        public var storageGB: Int64?
        public var usedBytes: Int64?
    }

    /// A `DescribeInstanceCrossBackupPolicy` answer.
    public struct Policy: Sendable, Equatable {
        public var origin: Origin
        public var id: String
        public var enabled: Bool
        public var destination: String?
        public var retentionDays: Int64?
        public var logBackupEnabled: Bool
        /// `BackupEnabledTime` and `LogBackupEnabledTime`, when the answer gives them.
        public var enabledAt: Seconds? = nil
        public var logEnabledAt: Seconds? = nil
    }

    /// A `DescribeDBInstanceTDE` answer. The answer names no instance: it is
    /// matched by a `DBInstanceId` field added to it, else by the file's name.
    public struct TDE: Sendable, Equatable {
        public var origin: Origin
        public var id: String?
        public var enabled: Bool
    }

    public var listed: [Listed] = []
    public var attributes: [Attribute] = []
    public var policies: [Policy] = []
    public var tde: [TDE] = []
    /// An instance `DescribeCrossRegionBackupDBInstance` lists as Released: it still holds files.
    public struct Released: Sendable, Equatable {
        public var listed: Listed
        public var policy: Policy
    }

    public var released: [Released] = []
    /// The cross-region files listed (`DescribeCrossRegionBackups`, `DescribeCrossRegionLogBackupFiles`).
    public var files: [CopiedFile] = []

    public init() {}
}

/// A file `import` cannot read, with where in it the problem is.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The JSON path of the value at fault (`$` for the whole file).
    public var path: String
    public var problem: String
    public var description: String { path == "$" ? "\(file): \(problem)" : "\(file): \(path): \(problem)" }
}

extension FleetAnswers {
    /// Reads every file; throws the first problem found, naming the file and the path.
    public static func read(files: [String]) throws -> FleetAnswers {
        var answers = FleetAnswers()
        for file in files {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
                throw ImportError(file: file, path: "$", problem: "does not exist.")
            }
            guard !isFolder.boolValue else { throw ImportError(file: file, path: "$", problem: "is a folder, not a saved answer.") }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ImportError(file: file, path: "$", problem: "cannot be read (permission denied?).")
            }
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw ImportError(file: file, path: "$", problem: "is not JSON (\(syntaxProblem(data))).")
            }
            if let (path, key) = DuplicateKeys.first(in: data) {
                throw ImportError(file: file, path: path,
                                  problem: "the key \(Shown(key)) appears twice in one object; readers disagree on which one counts, so remove one.")
            }
            try answers.add(AnswerNode(value: value, origin: Origin(file: file, path: "$")))
        }
        return answers
    }

    /// One `DescribeInstanceCrossBackupPolicy` answer, read as `import` reads it;
    /// `source` names it in a problem (the action and instance it answers).
    public static func policy(answer data: Data, from source: String) throws -> Policy {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ImportError(file: source, path: "$", problem: "is not JSON (\(syntaxProblem(data))).")
        }
        return try policy(AnswerNode(value: value, origin: Origin(file: source, path: "$")))
    }

    /// Where JSON's own reader stopped, as a line and column.
    private static func syntaxProblem(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "it could not be decoded"
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            guard let r = text.range(of: #"character (\d+)"#, options: .regularExpression),
                  let offset = Int(text[r].dropFirst("character ".count)) else { return text }
            let before = data.prefix(offset)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return "invalid at line \(line), column \(column)"
        }
    }

    private mutating func add(_ node: AnswerNode) throws {
        if case .array(let items) = node.value {
            for (i, item) in items.enumerated() {
                let child = node.child(index: i, item)
                // An array of answers, or an Items.DBInstance array on its own.
                if child.isAnswer { try add(child) } else { listed.append(try Self.listed(child)) }
            }
            return
        }
        guard case .object = node.value else {
            throw node.problem("expected a DescribeDBInstances, DescribeDBInstanceAttribute, DescribeInstanceCrossBackupPolicy or DescribeDBInstanceTDE answer, found \(node.kind).")
        }
        if let items = node[Field.items] {
            if let list = items[Field.dbInstance] {
                for (i, item) in try list.array().enumerated() { listed.append(try Self.listed(list.child(index: i, item))) }
            } else if let list = items[Field.dbInstanceAttribute] {
                for (i, item) in try list.array().enumerated() { attributes.append(try Self.attribute(list.child(index: i, item))) }
            } else if let list = items[Field.item], let first = try list.array().first,
                      Self.isCopiedFile(list.child(index: 0, first)) {
                files += try Self.copiedFiles(node, list)
            } else if let list = items[Field.item] {
                // DescribeCrossRegionBackupDBInstance: a region's policies. A released instance still
                // holding files is listed too; there is no instance to give its policy to.
                for (i, item) in try list.array().enumerated() {
                    let n = list.child(index: i, item)
                    guard case .object = n.value else { throw n.problem("expected a policy (an object with DBInstanceId), found \(n.kind).") }
                    if try n.optionalString(Field.status) == InstanceStatus.released.rawValue {
                        // Released, still holding files: kept as an instance to hold them, if its files are given.
                        guard let region = try node.optionalString(Field.region), let engine = try n.optionalString(Field.engine),
                              let version = try n.optionalString(Field.engineVersion) else { continue }
                        let listed = Listed(origin: n.origin, id: try n.string(Field.id), regionID: region, zoneID: nil,
                                            description: try n.optionalString(Field.description), engine: engine,
                                            engineVersion: version, category: nil, storageType: nil, instanceClass: nil,
                                            status: nil, payType: nil, netType: nil, vpcID: nil, vSwitchID: nil, createTime: nil)
                        released.append(Released(listed: listed, policy: try Self.policy(n)))
                        continue
                    }
                    policies.append(try Self.policy(n))
                }
            } else {
                throw items.problem("expected Items.DBInstance (DescribeDBInstances), Items.DBInstanceAttribute (DescribeDBInstanceAttribute) or Items.Item (DescribeCrossRegionBackupDBInstance).")
            }
        } else if node[Field.backupEnabled] != nil {
            policies.append(try Self.policy(node))
        } else if node[Field.tdeStatus] != nil {
            tde.append(TDE(origin: node.origin, id: try node.optionalString(Field.id),
                           enabled: try node.string(Field.tdeStatus) == "Enabled"))
        } else {
            throw node.problem("expected a DescribeDBInstances, DescribeDBInstanceAttribute, DescribeInstanceCrossBackupPolicy or DescribeDBInstanceTDE answer: it has none of Items, BackupEnabled and TDEStatus.")
        }
    }

    private static func listed(_ n: AnswerNode) throws -> Listed {
        guard case .object = n.value else { throw n.problem("expected an instance (an object with DBInstanceId), found \(n.kind).") }
        let id = try n.string(Field.id)
        guard id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) else {
            throw n[Field.id]!.problem("expected an instance ID like rm-bp1ibu****, found \"\(id)\".")
        }
        return Listed(origin: n.origin, id: id, regionID: try n.string(Field.region),
                      zoneID: try n.optionalString(Field.zone), description: try n.optionalString(Field.description),
                      engine: try n.string(Field.engine), engineVersion: try n.string(Field.engineVersion),
                      category: try n.optionalString(Field.category), storageType: try n.optionalString(Field.storageType),
                      instanceClass: try n.optionalString(Field.instanceClass), status: try n.optionalString(Field.status),
                      payType: try n.optionalString(Field.payType), netType: try n.optionalString(Field.netType),
                      vpcID: try n.optionalString(Field.vpc), vSwitchID: try n.optionalString(Field.vSwitch),
                      createTime: try n.optionalTime(Field.createTime))
    }

    private static func attribute(_ n: AnswerNode) throws -> Attribute {
        var used: Int64?
        if let text = try n.optionalString(Field.diskUsed), !text.isEmpty {
            guard let bytes = Int64(text), bytes >= 0 else {
                throw n[Field.diskUsed]!.problem("expected a number of bytes, found \"\(text)\".")
            }
            used = bytes
        }
        return Attribute(origin: n.origin, id: try n.string(Field.id), category: try n.optionalString(Field.category),
                         storageGB: try n.optionalInt(Field.storage), usedBytes: used)
    }

    private static func policy(_ n: AnswerNode) throws -> Policy {
        func on(_ name: String) throws -> Bool {
            guard let text = try n.optionalString(name) else { return false }
            switch text {
            case "Enable", "1": return true
            case "Disable", "0", "": return false
            default: throw n[name]!.problem("expected \"Enable\" or \"Disable\", found \"\(text)\".")
            }
        }
        let destination = try n.optionalString(Field.crossBackupRegion)
        return Policy(origin: n.origin, id: try n.string(Field.id), enabled: try on(Field.backupEnabled),
                      destination: destination?.isEmpty == true ? nil : destination,
                      retentionDays: try n.optionalInt(Field.retention), logBackupEnabled: try on(Field.logBackupEnabled),
                      enabledAt: try n.optionalTime(Field.backupEnabledTime), logEnabledAt: try n.optionalTime(Field.logBackupEnabledTime))
    }

    /// The response fields read, as the API names them.
    enum Field {
        static let items = "Items", dbInstance = "DBInstance", dbInstanceAttribute = "DBInstanceAttribute", item = "Item"
        static let id = "DBInstanceId", region = "RegionId", zone = "ZoneId", description = "DBInstanceDescription"
        static let engine = "Engine", engineVersion = "EngineVersion", category = "Category"
        static let storageType = "DBInstanceStorageType", instanceClass = "DBInstanceClass", status = "DBInstanceStatus"
        static let payType = "PayType", netType = "DBInstanceNetType", vpc = "VpcId", vSwitch = "VSwitchId"
        static let createTime = "CreateTime", storage = "DBInstanceStorage", diskUsed = "DBInstanceDiskUsed"
        static let backupEnabled = "BackupEnabled", crossBackupRegion = "CrossBackupRegion", retention = "Retention"
        static let logBackupEnabled = "LogBackupEnabled", tdeStatus = "TDEStatus"
        static let backupEnabledTime = "BackupEnabledTime", logBackupEnabledTime = "LogBackupEnabledTime"
    }
}

/// A JSON value and where it is, with typed reads that name the path on failure.
struct AnswerNode {
    var value: JSONValue
    var origin: FleetAnswers.Origin

    subscript(key: String) -> AnswerNode? {
        guard case .object(let fields) = value, let v = fields[key] else { return nil }
        return AnswerNode(value: v, origin: .init(file: origin.file, path: origin.path + "." + key))
    }

    func child(index: Int, _ v: JSONValue) -> AnswerNode {
        AnswerNode(value: v, origin: .init(file: origin.file, path: origin.path + "[\(index)]"))
    }

    var isAnswer: Bool {
        guard case .object(let fields) = value else { return false }
        return fields[FleetAnswers.Field.items] != nil || fields[FleetAnswers.Field.backupEnabled] != nil
            || fields[FleetAnswers.Field.tdeStatus] != nil
    }

    var kind: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    func problem(_ text: String) -> ImportError {
        ImportError(file: origin.file, path: origin.path, problem: text)
    }

    func array() throws -> [JSONValue] {
        guard case .array(let items) = value else { throw problem("expected an array, found \(kind).") }
        return items
    }

    func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw problem("\(key) is missing.") }
        guard !s.isEmpty else { throw self[key]!.problem("expected a value, found an empty string.") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let n = self[key] else { return nil }
        switch n.value {
        case .string(let s): return s
        case .null: return nil
        default: throw n.problem("expected a string, found \(n.kind).")
        }
    }

    func optionalInt(_ key: String) throws -> Int64? {
        guard let n = self[key] else { return nil }
        switch n.value {
        case .number(let d) where d == d.rounded() && abs(d) < 9e15: return Int64(d)
        case .string(let s) where Int64(s) != nil: return Int64(s)
        case .null: return nil
        default: throw n.problem("expected a whole number, found \(n.kind).")
        }
    }

    func optionalTime(_ key: String) throws -> Seconds? {
        guard let text = try optionalString(key), !text.isEmpty else { return nil }
        guard let t = UTCTime.parse(text) else { throw self[key]!.problem("expected a time like 2026-10-04T00:00:00Z, found \"\(text)\".") }
        return t
    }
}
