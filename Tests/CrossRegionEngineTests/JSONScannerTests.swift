import Foundation
import Testing
@testable import CrossRegionEngine

/// The instance index's own JSON reading and writing against Foundation's coders: the same
/// values both ways, and whatever is not JSON refused.
@Suite("An instance index as JSON")
struct JSONScannerTests {
    static let texts = [
        "rm-plain", "", "订单库-会员积分", "quote \" and back\\slash", "slash / and tab\t", "line\nbreak\r",
        "bell \u{07} del \u{7F} c1 \u{85}", "emoji 🛢️ and 𝄞", "ÉTÉ İzmir K", "\u{0}nul",
    ]

    static var index: InstanceIndex {
        InstanceIndex(texts.enumerated().map { InstanceIndexEntry(id: "rm-\($0.offset)-\($0.element)", description: $0.element) })
    }

    private func scanned(_ json: [UInt8]) throws -> InstanceIndex {
        let envelope = Array(#"{"RequestId":"A-1","Result":"#.utf8) + json + Array(#","More":[1,-2.5e3,true,null,{"x":[]}]}"#.utf8)
        return try JSONScanner.member("Result", of: envelope, as: InstanceIndex.self)
    }

    @Test("What the index writes, Foundation reads; what Foundation writes, the index reads: the same rows")
    func bothWays() throws {
        let index = Self.index
        var written = ""
        index.writeJSON(into: &written)
        #expect(try JSONDecoder().decode(InstanceIndex.self, from: Data(written.utf8)) == index)
        #expect(try scanned(Array(written.utf8)) == index)
        let foundation = try JSONEncoder().encode(index)
        #expect(try scanned(Array(foundation)) == index)
        // Escapes Foundation's encoder does not write: \/, \b, \f, \u with a surrogate pair.
        let escaped = #"{"Ids":["a\/b","\b\f","\ud83d\udee2\u00e9"],"Descriptions":["","x","y"]}"#
        #expect(try scanned(Array(escaped.utf8)).map(\.id) == ["a/b", "\u{8}\u{C}", "🛢é"])
        #expect(try scanned(Array(#"{"Ids":[],"Descriptions":[]}"#.utf8)).isEmpty)
    }

    @Test("Whatever is not an index's JSON is refused, as Foundation's decoder refuses it")
    func refusals() {
        let bad = [
            #"{"Ids":["a"],"Descriptions":[]}"#, #"{"Ids":["a"]}"#, #"{"Ids":["a"],"Descriptions":["b"]"#,
            #"{"Ids":["a"],"Descriptions":["b"]}x"#, #"{"Ids":["a],"Descriptions":["b"]}"#, #"{"Ids":[1],"Descriptions":["b"]}"#,
            #"{"Ids":["\ud83d"],"Descriptions":["b"]}"#, #"{"Ids":["\u12"],"Descriptions":["b"]}"#,
            #"{"Ids":["\q"],"Descriptions":["b"]}"#, "{\"Ids\":[\"a\nb\"],\"Descriptions\":[\"b\"]}",
            #"{"Ids":["a"],"Descriptions":["b"],"More":-}"#, #"{"Ids":["a"],"Descriptions":["b"],"More":tru}"#,
            #"{"Ids":["a"],"Descriptions":["b"],"More":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
        ]
        for text in bad {
            let answer = Array(#"{"Result":"#.utf8) + Array(text.utf8) + [UInt8(ascii: "}")]
            #expect(throws: JSONScanner.Malformed.self, "\(text)") {
                try JSONScanner.member("Result", of: answer, as: InstanceIndex.self)
            }
        }
        // Bytes that are not UTF-8 inside a string.
        let invalid = Array(#"{"Result":{"Ids":[""#.utf8) + [0xFF, 0xFE] + Array(#""],"Descriptions":["b"]}}"#.utf8)
        #expect(throws: JSONScanner.Malformed.self) { try JSONScanner.member("Result", of: invalid, as: InstanceIndex.self) }
        #expect((try? JSONDecoder().decode([String: InstanceIndex].self, from: Data(invalid))) == nil)
        // No Result at all.
        #expect(throws: JSONScanner.Malformed.self) {
            try JSONScanner.member("Result", of: Array(#"{"RequestId":"x"}"#.utf8), as: InstanceIndex.self)
        }
    }

    @Test("LocalAsk answers an index with the index's own writing: Foundation reads it as the engine's rows")
    func overTheAPI() throws {
        let f = try Fixture(options: .standard)
        let filter = InstanceFilter(set: .all, regionID: "cn-hangzhou")
        let body = try f.ok("LocalAsk", ["Query": InstanceIndexQuery.name, "Body": try StateQueries.encode(InstanceIndexQuery(filter))])
        let text = body.compact()
        struct Envelope: Decodable { let Result: InstanceIndex }
        let expected = try f.engine.instanceIndex(filter)
        #expect(try JSONDecoder().decode(Envelope.self, from: Data(text.utf8)).Result == expected)
        #expect(try JSONScanner.member("Result", of: Array(text.utf8), as: InstanceIndex.self) == expected)
        #expect(expected.count > 10)
    }
}
