import Foundation

/// The aliyun CLI's `~/.aliyun/config.json`: only the fields a credential
/// needs are read; the others are the CLI's own.
struct AliyunConfig: Decodable {
    struct Profile: Decodable {
        var name: String
        var mode: String?
        var accessKeyID: String?
        var accessKeySecret: String?
        var stsToken: String?
        var regionID: String?

        enum CodingKeys: String, CodingKey {
            case name, mode, accessKeyID = "access_key_id", accessKeySecret = "access_key_secret"
            case stsToken = "sts_token", regionID = "region_id"
        }
    }

    var current: String?
    var profiles: [Profile]

    enum CodingKeys: String, CodingKey { case current, profiles }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        current = try c.decodeIfPresent(String.self, forKey: .current)
        profiles = try c.decodeIfPresent([Profile].self, forKey: .profiles) ?? []
    }

    /// The file, or nil when there is none; a file that is not the CLI's JSON is refused (never guessed at).
    static func read(_ path: String) throws(CredentialError) -> AliyunConfig? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError("\(path) cannot be read (permission denied?).")
        }
        do {
            return try JSONDecoder().decode(AliyunConfig.self, from: data)
        } catch {
            throw CredentialError("\(path) is not the aliyun CLI's configuration (JSON with \"profiles\"): \(Self.problem(error)).")
        }
    }

    /// What JSONDecoder found wrong, without quoting the file (it holds secrets).
    private static func problem(_ error: Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return path.isEmpty ? "it is not valid JSON" : "at \(path): \(c.debugDescription)"
        default:
            return "it cannot be decoded"
        }
    }
}

/// The INI credentials file (`~/.alibabacloud/credentials`): `[section]`
/// lines, then `key = value` lines; `#` and `;` start comments.
struct INIFile {
    var sections: [String: [String: String]] = [:]

    static func read(_ path: String) throws(CredentialError) -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError("\(path) cannot be read (permission denied?).")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(CredentialError) -> INIFile {
        var ini = INIFile()
        var section: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw CredentialError("\(path), line \(n + 1): a section is written [name].")
                }
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                section = name
                ini.sections[name, default: [:]] = ini.sections[name] ?? [:]
                continue
            }
            guard let eq = line.firstIndex(of: "="), let current = section else {
                // The line is not quoted: it may hold a secret.
                throw CredentialError("\(path), line \(n + 1): expected key = value inside a [section].")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            ini.sections[current]?[key] = value
        }
        return ini
    }
}
