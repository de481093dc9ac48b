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
            return walker.value(path: "$")
        }
    }

    private struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private var current: UInt8 { i < bytes.count ? bytes[i] : 0 }

        private mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
        }

        /// Walks one value; answers the first repeated key inside it.
        mutating func value(path: String) -> (path: String, key: String)? {
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
                    if !keys.insert(key).inserted { return (path, key) }
                    skipSpace()
                    i += 1  // the colon
                    if let found = value(path: path + "." + key) { return found }
                    skipSpace()
                    let separator = current
                    i += 1
                    if separator != UInt8(ascii: ",") { break }
                }
                return nil
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if current == UInt8(ascii: "]") { i += 1; return nil }
                var index = 0
                while i < bytes.count {
                    if let found = value(path: path + "[\(index)]") { return found }
                    index += 1
                    skipSpace()
                    let separator = current
                    i += 1
                    if separator != UInt8(ascii: ",") { break }
                }
                return nil
            case UInt8(ascii: "\""):
                skipString()
                return nil
            default:
                // A number, true, false or null: up to the next delimiter.
                while i < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) {
                    i += 1
                }
                return nil
            }
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
