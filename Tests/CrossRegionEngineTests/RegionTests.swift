import Testing
@testable import CrossRegionEngine

@Suite("R1 regions")
struct RegionTests {
    @Test("R1.1: ten regions in order, only the first six are sources")
    func regionTable() {
        #expect(Region.all.map(\.id) == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-beijing", "cn-shenzhen",
                                         "cn-hongkong", "cn-zhangjiakou", "ap-southeast-1", "us-west-1", "eu-central-1"])
        #expect(Region.all.map(\.isBackupSource) == [true, true, true, true, true, true, false, false, false, false])
        #expect(Region.named("us-west-1")?.displayName == "US (Silicon Valley)")
    }

    @Test("R1.2: destinations exactly as the seed, never the source, never Beijing or Hong Kong")
    func destinations() {
        #expect(Region.named("cn-hangzhou")?.destinations == ["cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        #expect(Region.named("cn-beijing")?.destinations == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        #expect(Region.named("cn-shenzhen")?.destinations == ["cn-hangzhou", "cn-shanghai", "cn-qingdao"])
        for r in Region.all {
            #expect(!r.destinations.contains(r.id))
            #expect(!r.destinations.contains("cn-beijing"))
            #expect(!r.destinations.contains("cn-hongkong"))
        }
    }

    @Test("DescribeAvailableCrossRegion answers the allowed destinations, in order")
    func availableCrossRegion() throws {
        let f = try Fixture()
        let hk = try f.ok("DescribeAvailableCrossRegion", ["RegionId": "cn-hongkong"])
        #expect(hk["Regions"]!.items.map(\.stringValue) == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        let sg = f.refusal("DescribeAvailableCrossRegion", ["RegionId": "ap-southeast-1"])
        #expect(sg?.code == "CrossBackupNotSupport" && sg?.httpStatus == 403)
        let mars = f.refusal("DescribeAvailableCrossRegion", ["RegionId": "mars-1"])
        #expect(mars?.code == "InvalidRegion.Format" && mars?.httpStatus == 400)
    }

    @Test("R3.3: a destination outside the source's list is refused with its code, and changes nothing")
    func wrongPair() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        let before = try f.policy(id)
        for (dest, code, status) in [("cn-beijing", "CrossBackupNotSupport", 403), ("cn-hangzhou", "CrossBackupNotSupport", 403),
                                     ("us-west-1", "CrossBackupNotSupport", 403), ("nowhere", "InvalidRegion.Format", 400)] {
            let e = f.enableRefusal(id, to: dest)
            #expect(e?.code == code && e?.httpStatus == status, "destination \(dest)")
        }
        #expect(try f.policy(id) == before)
    }

    @Test("R2.2: an instance outside the six source regions cannot enable, and says why")
    func nonSourceRegion() throws {
        let f = try Fixture()
        let id = try f.create("cn-zhangjiakou")
        try f.advance("2d")
        let e = f.enableRefusal(id, region: "cn-zhangjiakou")
        #expect(e?.code == "CrossBackupNotSupport" && e?.httpStatus == 403)
        #expect(e?.message.contains("China (Zhangjiakou) cannot be the source") == true)
    }
}
