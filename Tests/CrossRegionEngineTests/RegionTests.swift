import Testing
@testable import CrossRegionEngine

@Suite("R1 regions")
struct RegionTests {
    @Test("R1.1: the seed's ten regions in order, only the first six are sources")
    func regionTable() {
        let seed = RulesEdition.seed
        #expect(seed.regions.map(\.id) == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-beijing", "cn-shenzhen",
                                           "cn-hongkong", "cn-zhangjiakou", "ap-southeast-1", "us-west-1", "eu-central-1"])
        #expect(seed.regions.map { seed.isSource($0.id) } == [true, true, true, true, true, true, false, false, false, false])
        #expect(Region.named("us-west-1")?.displayName == "US (Silicon Valley)")
        #expect(seed.region("cn-guangzhou") == nil && RulesEdition.current.region("cn-guangzhou")?.displayName == "China (Guangzhou)")
    }

    @Test("R1.2: destinations exactly as the seed, never the source, never Beijing or Hong Kong")
    func destinations() {
        let seed = RulesEdition.seed
        #expect(seed.destinations(from: "cn-hangzhou") == ["cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        #expect(seed.destinations(from: "cn-beijing") == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        #expect(seed.destinations(from: "cn-shenzhen") == ["cn-hangzhou", "cn-shanghai", "cn-qingdao"])
        for r in seed.regions {
            #expect(!seed.destinations(from: r.id).contains(r.id))
            #expect(!seed.destinations(from: r.id).contains("cn-beijing"))
            #expect(!seed.destinations(from: r.id).contains("cn-hongkong"))
        }
    }

    @Test("Today's rules (B.15): the documentation's regions, each a source sending to every other")
    func currentRegions() {
        let current = RulesEdition.current
        #expect(current.regions.map(\.displayName) == [
            "China (Hangzhou)", "China (Shanghai)", "China (Qingdao)", "China (Beijing)", "China (Shenzhen)",
            "China (Hong Kong)", "China (Zhangjiakou)", "Singapore", "US (Silicon Valley)", "Germany (Frankfurt)",
            "China (Guangzhou)", "China (Ulanqab)", "China (Heyuan)", "China (Chengdu)", "China (Hohhot)", "US (Virginia)",
            "Japan (Tokyo)", "Malaysia (Kuala Lumpur)", "Indonesia (Jakarta)", "Philippines (Manila)", "UK (London)",
            "South Korea (Seoul)", "Thailand (Bangkok)"])
        #expect(current.sources.count == current.regions.count)
        let fromSingapore = current.destinations(from: "ap-southeast-1")
        #expect(fromSingapore.count == current.regions.count - 1 && !fromSingapore.contains("ap-southeast-1"))
        #expect(fromSingapore.prefix(3) == ["cn-hangzhou", "cn-shanghai", "cn-qingdao"])
        #expect(Region.named("ap-northeast-1")?.zones == ["ap-northeast-1a", "ap-northeast-1b", "ap-northeast-1c"])
        #expect(Region.named("cn-guangzhou")?.zones.first == "cn-guangzhou-a")
    }

    @Test("DescribeAvailableCrossRegion answers the allowed destinations, in order")
    func availableCrossRegion() throws {
        let f = try Fixture()
        let hk = try f.ok("DescribeAvailableCrossRegion", ["RegionId": "cn-hongkong"])
        #expect(hk["Regions"]!.items.map(\.stringValue) == ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        let sg = f.refusal("DescribeAvailableCrossRegion", ["RegionId": "ap-southeast-1"])
        #expect(sg?.code == .crossBackupNotSupport && sg?.httpStatus == 403)
        let mars = f.refusal("DescribeAvailableCrossRegion", ["RegionId": "mars-1"])
        #expect(mars?.code == .invalidRegionFormat && mars?.httpStatus == 400)
    }

    @Test("R3.3: a destination outside the source's list is refused with its code, and changes nothing")
    func wrongPair() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        let before = try f.policy(id)
        for (dest, code, status) in [("cn-beijing", ErrorCode.crossBackupNotSupport, 403), ("cn-hangzhou", .crossBackupNotSupport, 403),
                                     ("us-west-1", .crossBackupNotSupport, 403), ("nowhere", .invalidRegionFormat, 400)] {
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
        #expect(e?.code == .crossBackupNotSupport && e?.httpStatus == 403)
        #expect(e?.message.contains("China (Zhangjiakou) cannot be the source") == true)
    }

    @Test("Whether a pair is allowed is what the list of destinations says, for every pair of either edition",
          arguments: RulesEdition.allCases)
    func allowsIsTheList(_ rules: RulesEdition) {
        let ids = Region.all.map(\.id) + ["", "cn-nowhere", "CN-HANGZHOU"]
        for source in ids {
            for destination in ids {
                #expect(rules.allows(from: source, to: destination) == rules.destinations(from: source).contains(destination),
                        "\(rules) \(source) -> \(destination)")
            }
        }
        #expect(Region.all.contains { r in Region.all.contains { rules.allows(from: r.id, to: $0.id) } })
    }
}
