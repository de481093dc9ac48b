import CrossRegionEngine
import Foundation
import GRDB
import RDSClient
import Testing

/// `serve` facing values and clients that mean it harm, or are merely unlucky.
@Suite("serve against hostile input")
struct HostileInputTests {
    @Test("Absurd stored sizes: a read-only key's cost requests are answered and the server lives on")
    func absurdStoredSizes() throws {
        let served = try ServedState()
        let id = try #require(try served.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).first?.id)
        try served.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET data_bytes = ?, log_bytes_per_hour = ? WHERE id = ?",
                           arguments: [Int64.max, Int64.max, id])
            try db.execute(sql: "UPDATE xseries SET size_bytes = ?", arguments: [Int64.max])
        }
        _ = try served.engine.advanceClock(by: 30 * UTCTime.day)
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.readOnlyKey.id,
                                       secret: served.readOnlyKey.secret)
        let costs = String(decoding: try client.call("LocalDescribeCosts", ["DBInstanceId": id]), as: UTF8.self)
        #expect(costs.contains("9223372036854775807"))
        _ = try client.call("LocalDescribeCostTotals", ["RegionId": "cn-hangzhou", "Set": "backup"])
        let after = String(decoding: try client.call("LocalDescribeClock", [:]), as: UTF8.self)
        #expect(after.contains("2026-"), "the server still answers")
    }
}
