import Foundation

/// Finds a key repeated within one JSON object. Foundation's readers keep one
/// of the two silently (JSONDecoder the first, JSONSerialization the last, as
/// jq and Python do), so a saved answer with a repeated key means different
/// things to different tools: `import` refuses it instead of guessing.
/// The text has already been read as JSON; this only walks it.
enum DuplicateKeys {
    /// The JSON path of the object holding the first repeated key, and the key.
    static func first(in data: Data) -> (path: String, key: String)? {
        data.withUnsafeBytes { raw in
            var walker = Walker(bytes: raw.bindMemory(to: UInt8.self))
            return walker.value().map { (walker.path, $0) }
        }
    }

    private struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        /// Where the walk is, spelt only when a repeated key is found.
        var steps: [Step] = []

        enum Step { case key(String), index(Int) }

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// `$.Items.DBInstance[3]`, as the import names paths.
        var path: String {
            steps.reduce("$") { path, step in
                switch step {
                case .key(let k): return path + "." + k
                case .index(let n): return path + "[\(n)]"
                }
            }
        }

        private var current: UInt8 { i < bytes.count ? bytes[i] : 0 }

        private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

        private mutating func skipSpace() {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        }

        /// Walks one value; answers the first key repeated inside it (`steps` then lead to its object).
        mutating func value() -> String? {
            skipSpace()
            switch current {
            case UInt8(ascii: "{"):
                i += 1
                var keys = Set<String>()
                skipSpace()
                if current == UInt8(ascii: "}") { i += 1; return nil }
                while i < bytes.count {
                    skipSpace()
                    let key = string()
                    if !keys.insert(key).inserted { return key }
                    skipSpace()
                    i += 1  // the colon
                    steps.append(.key(key))
                    if let found = value() {
                        return found
                    }
                    steps.removeLast()
                    if !separator() { break }
                }
                return nil
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if current == UInt8(ascii: "]") { i += 1; return nil }
                var index = 0
                while i < bytes.count {
                    steps.append(.index(index))
                    if let found = value() { return found }
                    steps.removeLast()
                    index += 1
                    if !separator() { break }
                }
                return nil
            case UInt8(ascii: "\""):
                skipString()
                return nil
            default:
                // A number, true, false or null: up to the next delimiter.
                while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "]"),
                      bytes[i] != UInt8(ascii: "}") {
                    i += 1
                }
                return nil
            }
        }

        /// Steps over the comma after a member; false at the closing bracket.
        private mutating func separator() -> Bool {
            skipSpace()
            let byte = current
            i += 1
            return byte == UInt8(ascii: ",")
        }

        private mutating func skipString() {
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            i += 1
        }

        /// A string's value, its escapes decoded (so "a" and "\u0061" are one key).
        private mutating func string() -> String {
            let start = i + 1
            skipString()
            let body = UnsafeBufferPointer(rebasing: bytes[start..<max(start, i - 1)])
            guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
            let quoted = "\"" + String(decoding: body, as: UTF8.self) + "\""
            return (try? JSONDecoder().decode(String.self, from: Data(quoted.utf8))) ?? quoted
        }
    }
}
