import Foundation

/// The parameters of one API call (R9.2). Every name is accepted, as the real
/// gateway does: those outside the action's SDK model are only reported
/// (`OpenAPI.unknownParameters`). Values are read strictly: no control
/// characters, a bounded length, and each typed read refuses what the
/// documentation rules out with the action's own code.
struct ApiParams {
    /// Accepted by every action and ignored locally (reference §3, §B.6).
    static let common: [String] = ["RegionId", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId", "OwnerAccount",
                                   "ResourceGroupId"]

    /// The longest value of a parameter: most are short; a batch of IDs, a
    /// whitelist or a table list may be long.
    static func maxLength(_ name: String) -> Int {
        switch name {
        case "DBInstanceId": return 2_000_000
        case "Body": return 64_000_000  // a LocalAsk question over a million marked instances
        case "TableMeta": return 1_000_000
        case "SecurityIPList": return 40_000
        case "Tags", "Tag": return 8_192
        default: return 1_024
        }
    }

    /// Parameters whose value is JSON, where line breaks and tabs are plain white space.
    static let jsonValued: Set<String> = ["TableMeta", "Tags", "Tag", "ServerlessConfig", "BabelfishConfig"]

    let action: String
    /// The edition of the rules of the state asked: the regions it knows.
    let rules: RulesEdition
    /// The code this action answers for a malformed value.
    let malformed: ErrorCode
    private let values: [String: String]

    /// The most parameters one request may carry.
    static let maxCount = 500

    init(action: String, values: [String: String], malformed: ErrorCode, rules: RulesEdition) throws {
        self.action = action
        self.rules = rules
        self.malformed = malformed
        self.values = values
        guard values.count <= Self.maxCount else {
            throw EngineError(malformed, "\(values.count) parameters were given; at most \(Self.maxCount) are accepted.")
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            try Self.check(name, value, malformed: malformed)
        }
    }

    /// A NUL or any other control character is refused in every value (a
    /// NUL would cut an ID short in C code below us), and so is a value past
    /// its length.
    static func check(_ name: String, _ value: String, malformed: ErrorCode) throws {
        let limit = maxLength(name)
        if value.utf8.count > limit {
            throw EngineError(malformed, "\(Shown(name)) is \(value.utf8.count) bytes long; at most \(limit) are accepted.")
        }
        let allowsBreaks = jsonValued.contains(name)
        for (i, u) in value.unicodeScalars.enumerated() where u.value < 0x20 || u.value == 0x7F {
            if allowsBreaks && (u == "\n" || u == "\r" || u == "\t") { continue }
            let what = u.value == 0 ? "a NUL character" : "the control character U+\(String(u.value, radix: 16, uppercase: true).leftPadded(4))"
            throw EngineError(malformed, "\(Shown(name)) holds \(what) at position \(i + 1): \(Shown(value)).")
        }
        if name.isEmpty || name.utf8.count > 128 || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw EngineError(malformed, "A parameter name must be 1 to 128 characters, none of them a control character: \(Shown(name)).")
        }
    }

    func string(_ name: String) -> String? { values[name] }

    /// Every parameter as given.
    var all: [String: String] { values }

    /// What identifies the request apart from the parameters `leaving` (its
    /// `ClientToken`, or its paging): every other name and value, in order.
    func fingerprint(leaving: Set<String>) -> String {
        let pairs = values.filter { !leaving.contains($0.key) }.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
        return String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data(), as: UTF8.self)
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    func required(_ name: String) throws -> String {
        guard let v = values[name], !v.trimmingSpaces().isEmpty else { throw EngineError.missing(name) }
        return v
    }

    /// A whole decimal number in `range`.
    func int(_ name: String, in range: ClosedRange<Int64>? = nil, code: ErrorCode? = nil) throws -> Int64? {
        guard let raw = values[name] else { return nil }
        let t = raw.trimmingSpaces()
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }), let v = Int64(t) else {
            throw EngineError(code ?? malformed, "\(name) must be a whole number; \(Shown(t)) is not.")
        }
        if let range, !range.contains(v) {
            throw EngineError(code ?? malformed,
                              "\(name) must be from \(range.lowerBound) to \(range.upperBound); \(v) is out of range.")
        }
        return v
    }

    /// A UTC time `yyyy-MM-ddTHH:mm:ssZ` (or `yyyy-MM-ddTHH:mmZ`).
    func time(_ name: String, code: ErrorCode) throws -> Seconds? {
        guard let raw = values[name] else { return nil }
        guard let t = UTCTime.parse(raw.trimmingSpaces()) else {
            throw EngineError(code, "\(name) \(Shown(raw)) is not a UTC time such as 2026-10-04T08:00:00Z.")
        }
        return t
    }

    func onOff(_ name: String) throws -> Bool? {
        guard let v = values[name] else { return nil }
        guard let on = PolicyChange.parseSwitch(v) else {
            throw EngineError(malformed, "\(name) must be 1 or 0 (Enable or Disable); \(Shown(v)) is neither.")
        }
        return on
    }

    /// One of `choices`, exactly.
    func choice(_ name: String, _ choices: [String], code: ErrorCode? = nil) throws -> String? {
        guard let v = values[name] else { return nil }
        guard choices.contains(v) else {
            throw EngineError(code ?? malformed, "\(name) must be one of \(choices.joined(separator: ", ")); \(Shown(v)) is not.")
        }
        return v
    }

    /// `true`/`false` in any case.
    func bool(_ name: String) throws -> Bool? {
        guard let v = values[name] else { return nil }
        switch v.lowercased() {
        case "true": return true
        case "false": return false
        default: throw EngineError(malformed, "\(name) must be true or false; \(Shown(v)) is neither.")
        }
    }

    /// `PageSize` and `PageNumber`: (offset, size, number). `sizes`, when
    /// given, are the only page sizes the action takes.
    func page(sizes: [Int64]? = nil, maxSize: Int64 = 100, defaultSize: Int64 = 30,
              sizeCode: ErrorCode? = nil, numberCode: ErrorCode? = nil) throws -> (offset: Int, size: Int, number: Int64) {
        let size = try int("PageSize", in: 1...maxSize, code: sizeCode) ?? defaultSize
        if let sizes, has("PageSize"), !sizes.contains(size) {
            throw EngineError(sizeCode ?? malformed,
                              "PageSize must be \(sizes.map(String.init).joined(separator: ", ")); \(size) is not.")
        }
        let number = try int("PageNumber", in: 1...1_000_000_000, code: numberCode) ?? 1
        let offset = (number - 1).multipliedReportingOverflow(by: size)
        return (offset.overflow ? Int.max : Int(clamping: offset.partialValue), Int(size), number)
    }

    /// A region ID the state's edition of the rules knows (R1.1).
    func region(_ name: String, required isRequired: Bool = true) throws -> String? {
        guard let v = isRequired ? try required(name) : values[name] else { return nil }
        guard rules.region(v) != nil else {
            throw EngineError(.invalidRegionFormat,
                              "\(name) \(Shown(v)) is not a region; known: \(rules.regions.map(\.id).joined(separator: ", ")).")
        }
        return v
    }

    /// `RegionId` where the action's model does not need it (the legacy SDK
    /// adds it to every request): when given, a known region that must be
    /// `expected` (the instance's own); otherwise the instance is not there.
    func regionMatches(_ expected: String, notFound: @autoclosure () -> EngineError) throws {
        guard let given = try region("RegionId", required: false) else { return }
        if given != expected { throw notFound() }
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
