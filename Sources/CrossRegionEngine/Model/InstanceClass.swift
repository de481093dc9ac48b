/// An instance type code of the RDS catalogue (`DBInstanceClass`), with what
/// `DescribeDBInstances` reports of it. `CreateDBInstance` and
/// `CreateDdrInstance` accept these codes only.
public struct InstanceClass: Sendable, Hashable {
    public let code: String
    public let engine: String
    public let cpu: Int
    public let memoryMB: Int64
    public let maxConnections: Int64
    public let maxIOPS: Int64

    /// `DBInstanceClassType`: `d` for a dedicated type (`mysql.x4`, `mysql.x8`), `x` for a
    /// general-purpose one. (The documentation lists s/x/d/h without saying which code is which
    /// family; the type names say it: x for exclusive, n for normal.)
    public var family: String { code.hasPrefix("mysql.x") ? "d" : "x" }

    /// The types of the engines the fleet may hold (primary instance types of
    /// the RDS documentation; a subset, enough to tell a real code from a typo).
    public static let all: [InstanceClass] = [
        // MySQL, general-purpose and dedicated (local SSD, High-availability).
        .init("rds.mysql.t1.small", "MySQL", 1, 1_024, 300, 600),
        .init("rds.mysql.s1.small", "MySQL", 1, 2_048, 600, 1_000),
        .init("rds.mysql.s2.large", "MySQL", 2, 4_096, 1_200, 2_000),
        .init("rds.mysql.s2.xlarge", "MySQL", 2, 8_192, 2_000, 4_000),
        .init("rds.mysql.s3.large", "MySQL", 4, 8_192, 2_000, 5_000),
        .init("rds.mysql.m1.medium", "MySQL", 4, 16_384, 4_000, 7_000),
        .init("rds.mysql.c1.large", "MySQL", 8, 16_384, 4_000, 8_000),
        .init("rds.mysql.c1.xlarge", "MySQL", 8, 32_768, 8_000, 12_000),
        .init("rds.mysql.c2.xlarge", "MySQL", 16, 65_536, 16_000, 14_000),
        .init("rds.mysql.c2.xlp2", "MySQL", 16, 98_304, 24_000, 16_000),
        .init("rds.mysql.c2.2xlarge", "MySQL", 16, 131_072, 32_000, 16_000),
        .init("mysql.x4.large.2", "MySQL", 4, 16_384, 2_500, 4_500),
        .init("mysql.x4.xlarge.2", "MySQL", 8, 32_768, 5_000, 9_000),
        .init("mysql.x4.2xlarge.2", "MySQL", 16, 65_536, 10_000, 18_000),
        .init("mysql.x8.large.2", "MySQL", 4, 32_768, 5_000, 5_000),
        // MySQL, cloud disks and Basic Edition.
        .init("mysql.n2.small.1", "MySQL", 1, 2_048, 2_000, 10_000),
        .init("mysql.n2.medium.1", "MySQL", 2, 4_096, 4_000, 10_000),
        .init("mysql.n4.medium.1", "MySQL", 2, 8_192, 6_000, 10_000),
        .init("mysql.n2.small.2c", "MySQL", 1, 2_048, 2_000, 10_000),
        .init("mysql.n2.medium.2c", "MySQL", 2, 4_096, 4_000, 10_000),
        .init("mysql.n2.large.2c", "MySQL", 4, 8_192, 6_000, 20_000),
        .init("mysql.x4.large.2c", "MySQL", 4, 16_384, 8_000, 24_000),
        .init("mysql.x4.xlarge.2c", "MySQL", 8, 32_768, 16_000, 32_000),
        // PostgreSQL, SQL Server, MariaDB (instances that do not qualify).
        .init("pg.n2.small.1", "PostgreSQL", 1, 2_048, 200, 10_000),
        .init("pg.n2.medium.2c", "PostgreSQL", 2, 4_096, 400, 10_000),
        .init("pg.x4.large.2c", "PostgreSQL", 4, 16_384, 1_600, 20_000),
        .init("mssql.x4.medium.e2", "SQLServer", 2, 8_192, 60_000, 8_000),
        .init("mssql.x4.large.e2", "SQLServer", 4, 16_384, 60_000, 16_000),
        .init("mariadb.n2.medium.2c", "MariaDB", 2, 4_096, 4_000, 10_000),
        .init("mariadb.x4.large.2c", "MariaDB", 4, 16_384, 8_000, 24_000),
    ]

    private init(_ code: String, _ engine: String, _ cpu: Int, _ memoryMB: Int64, _ maxConnections: Int64,
                 _ maxIOPS: Int64) {
        self.code = code
        self.engine = engine
        self.cpu = cpu
        self.memoryMB = memoryMB
        self.maxConnections = maxConnections
        self.maxIOPS = maxIOPS
    }

    private static let byCode: [String: InstanceClass] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// The type with this code, or nil.
    public static func named(_ code: String) -> InstanceClass? { byCode[code] }

    /// Why `code` cannot be used for `engine`, or nil: an unknown code, or one of another engine.
    /// The shape of every instance type code (`mysql.n2.xlarge.xc`, `rds.mysql.s2.large`).
    static func isWellFormed(_ code: String) -> Bool {
        (1...64).contains(code.utf8.count)
            && code.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    static func problem(_ code: String, engine: String) -> String? {
        guard let c = named(code) else {
            let examples = all.filter { $0.engine == engine }.prefix(4).map(\.code)
            return "\(Shown(code)) is not an instance type of the catalogue\(examples.isEmpty ? "" : " (for \(engine), e.g. \(examples.joined(separator: ", ")))")."
        }
        if c.engine != engine { return "\(code) is a \(c.engine) instance type, not \(engine)." }
        return nil
    }
}

extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
