/// The instance and backup records of the fleet actions, field by field as
/// the SDK models name them (`sdk-models.json`); fields with no meaning here
/// are left out (the shape test lists them).
extension Instance {
    var connectionString: String { "\(id).mysql.rds.aliyuncs.com" }
    var lockMode: String { isReleased ? "Released" : "Unlock" }
    var instanceClassInfo: InstanceClass? { InstanceClass.named(instanceClass) }
    var vpc: String { vpcID ?? Region.defaultVPC(regionID) }
    var vSwitch: String { vSwitchID ?? Region.defaultVSwitch(zoneID) }
    /// The instance inside its VPC, as the console shows it.
    var vpcCloudInstanceID: String { "\(id)-\(vpc.suffix(8))" }
    /// `DestroyTime` of a released instance: the end of its 7 days in the recycle bin.
    var destroyTime: Seconds? { releasedAt.map { $0 + 7 * UTCTime.day } }

    /// One `Items.DBInstance` entry; `detailed` (`InstanceLevel=1`) adds the edition, CPU and
    /// memory, which the documentation returns with it only (B.14).
    func listJSON(at now: Seconds, detailed: Bool) -> JSON {
        var f: [(String, JSON)] = [
            ("DBInstanceId", .string(id)), ("DBInstanceDescription", .string(description)),
            ("DBInstanceStatus", .string(status(at: now).rawValue)), ("Engine", .string(engine)),
            ("EngineVersion", .string(engineVersion)), ("DBInstanceStorageType", .string(storageType)),
            ("DBInstanceClass", .string(instanceClass)), ("DBInstanceType", .string("Primary")),
            ("InsId", .int(1)), ("TipsLevel", .int(0)),
            ("RegionId", .string(regionID)), ("ZoneId", .string(zoneID)),
            ("LockMode", .string(lockMode)), ("LockReason", .string("")),
            ("PayType", .string(payType)), ("CreateTime", .time(createdAt)), ("ExpireTime", .string("")),
            ("DestroyTime", .time(destroyTime)), ("InstanceNetworkType", .string("VPC")),
            ("VpcId", .string(vpc)), ("VSwitchId", .string(vSwitch)), ("VpcCloudInstanceId", .string(vpcCloudInstanceID)),
            ("DBInstanceNetType", .string(netType)), ("ConnectionMode", .string("Standard")),
            ("ConnectionString", .string(connectionString)), ("ResourceGroupId", .string("rg-default")),
            ("MasterInstanceId", .string("")), ("GuardDBInstanceId", .string("")), ("TempDBInstanceId", .string("")),
            ("ReadOnlyDBInstanceIds", .wrapped("ReadOnlyDBInstanceId", [])), ("DeletionProtection", .bool(false)),
            ("AutoRenewal", .bool(false)), ("ColdDataEnabled", .bool(false)), ("BurstingEnabled", .bool(false)),
            ("MutriORsignle", .bool(false)),
        ]
        if detailed {
            f += [("Category", .string(category)), ("DBInstanceCPU", .string(instanceClassInfo.map { String($0.cpu) } ?? "")),
                  ("DBInstanceMemory", .int(instanceClassInfo?.memoryMB ?? 0))]
        }
        return obj(f)
    }

    func attributeJSON(at now: Seconds) -> JSON {
        let c = instanceClassInfo
        return obj(
            ("DBInstanceId", .string(id)), ("DBInstanceDescription", .string(description)),
            ("DBInstanceStatus", .string(status(at: now).rawValue)), ("Engine", .string(engine)),
            ("EngineVersion", .string(engineVersion)), ("Category", .string(category)),
            ("DBInstanceStorageType", .string(storageType)), ("DBInstanceClass", .string(instanceClass)),
            ("DBInstanceCPU", .string(c.map { String($0.cpu) } ?? "")), ("DBInstanceMemory", .int(c?.memoryMB ?? 0)),
            ("DBInstanceClassType", .string(c?.family ?? "")), ("ProxyType", .int(1)), ("TipsLevel", .int(0)),
            ("DBInstanceStorage", .int(storageGB)), ("DBInstanceDiskUsed", .string(String(dataBytes))),
            ("MaxConnections", .int(c?.maxConnections ?? 0)), ("MaxIOPS", .int(c?.maxIOPS ?? 0)),
            ("MaxIOMBPS", .int((c?.maxIOPS ?? 0) / 16)), ("AccountMaxQuantity", .int(500)), ("DBMaxQuantity", .int(500)),
            ("DBInstanceType", .string("Primary")), ("RegionId", .string(regionID)), ("ZoneId", .string(zoneID)),
            ("MasterZone", .string(zoneID)), ("SlaveZones", .wrapped("SlaveZone", edition == .highAvailability
                ? [obj(("ZoneId", .string(zoneID)))] : [])),
            ("PayType", .string(payType)), ("CreationTime", .time(createdAt)), ("ExpireTime", .string("")),
            ("LockMode", .string(lockMode)), ("LockReason", .string("")),
            ("ConnectionString", .string(connectionString)), ("Port", .string("3306")),
            ("DBInstanceNetType", .string(netType)), ("InstanceNetworkType", .string("VPC")),
            ("VpcId", .string(vpc)), ("VSwitchId", .string(vSwitch)), ("VpcCloudInstanceId", .string(vpcCloudInstanceID)),
            ("IPType", .string("IPv4")), ("ConnectionMode", .string("Standard")),
            ("SecurityIPList", .string(securityIPList ?? SecurityIPList.defaultList)), ("SecurityIPMode", .string("normal")),
            ("MaintainTime", .string("18:00Z-22:00Z")), ("ResourceGroupId", .string("rg-default")),
            ("ReadOnlyDBInstanceIds", .wrapped("ReadOnlyDBInstanceId", [])), ("MasterInstanceId", .string("")),
            ("GuardDBInstanceId", .string("")), ("TempDBInstanceId", .string("")),
            ("IncrementSourceDBInstanceId", .string("")), ("DeletionProtection", .bool(false)),
            ("AutoUpgradeMinorVersion", .string("Auto")), ("CurrentKernelVersion", .string(kernelVersion)),
            ("LatestKernelVersion", .string(kernelVersion)), ("InstructionSetArch", .string("x86")),
            ("AvailabilityValue", .string("100.0%")), ("SupportCompression", .bool(false)),
            ("ColdDataEnabled", .bool(false)), ("BurstingEnabled", .bool(false)), ("CanTempUpgrade", .bool(false)),
            ("TimeZone", .string("")))
    }

    /// The minor version the engine reports (one per major version here).
    var kernelVersion: String {
        switch (engine, engineVersion) {
        case ("MySQL", "8.0"): return "rds_20240731"
        case ("MySQL", "5.7"): return "rds_20240731"
        case ("MySQL", "5.6"): return "rds_20200229"
        case ("MySQL", _): return "rds_20190815"
        default: return "\(engine.lowercased())_\(engineVersion)"
        }
    }

    /// `DescribeBackupPolicy`: the local policy is fixed here (a daily full
    /// backup in the instance's window, 7 days of data and logs, R4.1).
    func backupPolicyJSON(at now: Seconds) -> [(String, JSON)] {
        let window = dailyBackup(day: 0).start
        let next = dailyBackup(day: UTCTime.floorDiv(now - window, UTCTime.day) + 1).start
        func hhmm(_ t: Seconds) -> String { String(UTCTime.formatMinutes(t).suffix(6).dropLast()) + "Z" }
        return [("BackupRetentionPeriod", .int(7)),
                ("PreferredBackupTime", .string("\(hhmm(window))-\(hhmm(window + UTCTime.hour))")),
                ("PreferredBackupPeriod", .string("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday")),
                ("PreferredNextBackupTime", .string(UTCTime.formatMinutes(next))),
                ("BackupLog", .string("Enable")), ("EnableBackupLog", .string("1")),
                ("LogBackupRetentionPeriod", .int(7)), ("LogBackupFrequency", .string("LogInterval")),
                ("LocalLogRetentionHours", .int(18)), ("LocalLogRetentionSpace", .string("30")),
                ("HighSpaceUsageProtection", .string("Enable")), ("LogBackupLocalRetentionNumber", .int(60)),
                ("Category", .string("Standard")), ("BackupMethod", .string("Physical")), ("CompressType", .string("4")),
                ("BackupInterval", .string("-1")), ("EnableIncrementDataBackup", .bool(false)),
                ("IncBackupInterval", .int(-1)),
                ("ArchiveBackupRetentionPeriod", .string("0")), ("ArchiveBackupKeepCount", .string("1")),
                ("ArchiveBackupKeepPolicy", .string("ONE")), ("EnablePitrProtection", .bool(false)),
                ("PitrRetentionPeriod", .int(7)), ("ReleasedKeepPolicy", .string("None")),
                ("SupportReleasedKeep", .int(1)), ("SupportsHighFrequencyBackup", .int(0)),
                ("SupportVolumeShadowCopy", .int(0)), ("BackupPriority", .int(1)),
                ("SupportModifyBackupPriority", .bool(false)), ("AdvancedBackupPolicyEnabled", .bool(false))]
    }
}

extension LocalBackup {
    func json(of inst: Instance) -> JSON {
        obj(("BackupId", .string(String(id))), ("DBInstanceId", .string(instanceID)),
            ("BackupStatus", .string("Success")), ("BackupStartTime", .time(start)), ("BackupEndTime", .time(end)),
            ("BackupType", .string("FullBackup")), ("BackupMode", .string(mode)), ("BackupMethod", .string("Physical")),
            ("BackupSize", .int(sizeBytes)), ("BackupInitiator", .string(initiator)),
            ("HostInstanceID", .string(String(inst.hostInstanceID))), ("IsAvail", .int(1)),
            ("ConsistentTime", .int(end)), ("Engine", .string(inst.engine)), ("EngineVersion", .string(inst.engineVersion)),
            ("StoreStatus", .string("Disabled")), ("MetaStatus", .string("OK")), ("StorageClass", .string("0")),
            ("Encryption", .string(inst.tdeCovers(end) ? "{\"TDE\":\"Enabled\"}" : "")), ("CopyOnlyBackup", .string("0")),
            ("Checksum", .string(String(UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15, radix: 16))),
            ("BackupDownloadURL", .string("")), ("BackupIntranetDownloadURL", .string("")),
            ("ExpectExpireTime", .time(expiresAt)))
    }

    /// An item of `DescribeDetachedBackups` (reference A.20).
    func detachedJSON(of inst: Instance) -> JSON {
        obj(("BackupId", .string(String(id))), ("DBInstanceId", .string(instanceID)),
            ("DBInstanceComment", .string(inst.description)), ("BackupStatus", .string("Success")),
            ("BackupStartTime", .time(start)), ("BackupEndTime", .time(end)), ("BackupType", .string("FullBackup")),
            ("BackupMode", .string(mode)), ("BackupMethod", .string("Physical")), ("BackupSize", .int(sizeBytes)),
            ("ConsistentTime", .int(end)), ("HostInstanceID", .string(String(inst.hostInstanceID))),
            ("IsAvail", .int(1)), ("MetaStatus", .string("OK")), ("StoreStatus", .string("Disabled")),
            ("BackupDownloadURL", .string("")), ("BackupIntranetDownloadURL", .string("")))
    }
}
