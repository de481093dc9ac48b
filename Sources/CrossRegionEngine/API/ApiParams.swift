/// The parameters of one API call, read strictly: a parameter the action does
/// not take is refused, never ignored, and every value is checked.
struct ApiParams {
    /// Accepted by every action and ignored locally (reference §3).
    static let common: Set<String> = ["OwnerId", "ResourceOwnerAccount", "ResourceOwnerId", "OwnerAccount",
                                      "ResourceGroupId"]

    let action: String
    private let values: [String: String]

    init(action: String, values: [String: String], allowed: [String]) throws {
        self.action = action
        self.values = values
        let known = Set(allowed).union(Self.common)
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw EngineError("InvalidParameter",
                              "\(action) does not take the parameter \(first)\(unknown.count > 1 ? " (nor \(unknown.dropFirst().joined(separator: ", ")))" : ""); it takes \(allowed.joined(separator: ", ")).")
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let v = values[name], !v.trimmingSpaces().isEmpty else { throw EngineError.missing(name) }
        return v
    }

    /// A whole decimal number in `range`.
    func int(_ name: String, in range: ClosedRange<Int64>? = nil, code: String? = nil) throws -> Int64? {
        guard let raw = values[name] else { return nil }
        let t = raw.trimmingSpaces()
        let shown = t.count > 30 ? String(t.prefix(30)) + "…" : t
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }), let v = Int64(t) else {
            throw EngineError(code ?? "InvalidParameter", "The parameter \(name) must be a whole number; \"\(shown)\" is not.")
        }
        if let range, !range.contains(v) {
            throw EngineError(code ?? "InvalidParameter",
                              "The parameter \(name) must be from \(range.lowerBound) to \(range.upperBound); \(v) is out of range.")
        }
        return v
    }

    /// A UTC time `yyyy-MM-ddTHH:mm:ssZ` (or `yyyy-MM-ddTHH:mmZ`).
    func time(_ name: String, code: String) throws -> Seconds? {
        guard let raw = values[name] else { return nil }
        guard let t = UTCTime.parse(raw.trimmingSpaces()) else {
            throw EngineError(code, "Specified \(name) is not valid: \"\(raw)\" (expected UTC yyyy-MM-ddTHH:mm:ssZ).")
        }
        return t
    }

    func onOff(_ name: String) throws -> Bool? {
        try values[name].map { try PolicyChange.parseSwitch($0, name: name) }
    }

    /// One of `choices`, exactly.
    func choice(_ name: String, _ choices: [String]) throws -> String? {
        guard let v = values[name] else { return nil }
        guard choices.contains(v) else {
            throw EngineError("InvalidParameter", "The parameter \(name) must be one of \(choices.joined(separator: ", ")); \"\(v)\" is not.")
        }
        return v
    }

    /// `PageSize` and `PageNumber`: (offset, size, number).
    func page(maxSize: Int64 = 100, defaultSize: Int64 = 30) throws -> (offset: Int, size: Int, number: Int64) {
        let size = try int("PageSize", in: 1...maxSize) ?? defaultSize
        let number = try int("PageNumber", in: 1...1_000_000_000) ?? 1
        let offset = (number - 1).multipliedReportingOverflow(by: size)
        return (offset.overflow ? Int.max : Int(clamping: offset.partialValue), Int(size), number)
    }

    /// A region ID of R1.1.
    func region(_ name: String, required isRequired: Bool = true) throws -> String? {
        guard let v = isRequired ? try required(name) : values[name] else { return nil }
        guard Region.named(v) != nil else {
            throw EngineError("InvalidRegionId.NotFound",
                              "Unknown region \"\(v)\"; known: \(Region.all.map(\.id).joined(separator: ", ")).", status: 404)
        }
        return v
    }
}
