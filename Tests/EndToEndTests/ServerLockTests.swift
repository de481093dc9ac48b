import CrossRegionEngine
import Foundation
import GRDB
import RDSClient
import Testing

/// `serve` beside other processes on the same state: reads never wait for
/// another process's write lock; writes wait a bounded time, then answer 503.
@Suite("serve and other processes' locks")
struct ServerLockTests {
    @Test("While another process holds the write lock for 5 s, reads answer at once and a write answers 503 in bounded time")
    func readsNeverWait() throws {
        let served = try ServedState()
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.key.id, secret: served.key.secret)
        _ = try client.call("LocalDescribeClock", [:])
        let holder = try DatabaseQueue(path: served.dir + "/state.sqlite")
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 5)
                try db.execute(sql: "ROLLBACK")
            }
            done.signal()
        }.start()
        locked.wait()
        Thread.sleep(forTimeInterval: 0.3)  // the server's nonce flush now waits for the lock too
        var slowest = 0.0
        for _ in 0..<10 {
            let start = Date()
            _ = try client.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "5"])
            slowest = max(slowest, Date().timeIntervalSince(start))
        }
        #expect(slowest < 0.1, "slowest read took \(slowest) s")
        let start = Date()
        let id = try #require(try served.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        let busy = #expect(throws: EngineError.self) {
            _ = try client.call("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "9"])
        }
        #expect(busy?.code == "ServiceUnavailable" && busy?.httpStatus == 503)
        #expect(Date().timeIntervalSince(start) < 4.8, "a blocked write is answered before the lock is released")
        done.wait()
        _ = try client.call("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "9"])
        #expect(try served.engine.instance(id: id).retentionDays == 9)
    }
}
