"""The legacy Alibaba Cloud Python SDK (aliyun-python-sdk-core + aliyun-python-sdk-rds) against `rds-console serve`.

It signs with HMAC-SHA1 and adds RegionId to every request, including the actions whose model has none
(reference §B.6). Run by .ci/run: python -m unittest Tests/sdk/test_legacy_sdk.py (needs RDS_CONSOLE_BIN).
"""
import importlib, json, os, sys, unittest

sys.path.insert(0, os.path.dirname(__file__))

from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient

from served import Served

RDS = "aliyunsdkrds.request.v20140815."


class LegacySDKTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = Served()

    @classmethod
    def tearDownClass(cls):
        cls.served.stop()

    def request(self, action, params, region="cn-hangzhou", key=None):
        """The SDK's own request class for `action`, filled through its setters."""
        cls = getattr(importlib.import_module(RDS + action + "Request"), action + "Request")
        r = cls()
        r.set_endpoint(f"127.0.0.1:{self.served.port}")
        r.set_protocol_type("http")
        for name, value in params.items():
            setter = getattr(r, "set_" + name, None)
            if setter:
                setter(value)
            else:
                r.add_query_param(name, value)  # what the model lacks, e.g. Terraform's SourceIp
        key_id, secret = key or self.served.key
        return AcsClient(key_id, secret, region), r

    def call(self, action, params=None, **kw):
        client, r = self.request(action, params or {}, **kw)
        return json.loads(client.do_action_with_exception(r))

    def refused(self, action, params, **kw):
        client, r = self.request(action, params, **kw)
        with self.assertRaises(ServerException) as ctx:
            client.do_action_with_exception(r)
        return ctx.exception.get_error_code(), ctx.exception.get_http_status()

    def pending(self):
        body = self.call("DescribeDBInstances", {"PageSize": 100})
        return [i for i in body["Items"]["DBInstance"] if i["DBInstanceDescription"].startswith("batch-")]

    def test_0_common_request_with_a_body(self):
        """The core's CommonRequest with body parameters: form-encoded, covered by the HMAC-SHA1 signature (B.13)."""
        from aliyunsdkcore.request import CommonRequest
        r = CommonRequest(domain=f"127.0.0.1:{self.served.port}", version="2014-08-15", action_name="DescribeDBInstances")
        r.set_protocol_type("http")
        r.set_method("POST")
        r.add_body_params("RegionId", "cn-hangzhou")
        r.add_body_params("PageSize", "3")
        body = json.loads(AcsClient(*self.served.key, "cn-hangzhou").do_action_with_exception(r))
        self.assertEqual(len(body["Items"]["DBInstance"]), 3, "PageSize from the body counts")
        with self.assertRaises(ServerException) as ctx:
            AcsClient(self.served.key[0], "nope", "cn-hangzhou").do_action_with_exception(r)
        self.assertEqual(ctx.exception.get_error_code(), "SignatureDoesNotMatch")

    def test_1_every_action(self):
        pending = self.pending()
        a, b, c = (p["DBInstanceId"] for p in pending[:3])
        version = pending[0]["EngineVersion"]
        self.assertEqual(self.call("DescribeAvailableCrossRegion")["Regions"]["Region"], ["cn-shanghai", "cn-qingdao", "cn-shenzhen"])
        # The actions without RegionId in their model get the SDK's RegionId, and answer.
        attr = self.call("DescribeDBInstanceAttribute", {"DBInstanceId": a})["Items"]["DBInstanceAttribute"][0]
        self.assertEqual((attr["DBInstanceId"], attr["RegionId"]), (a, "cn-hangzhou"))
        self.assertTrue(attr["VpcId"].startswith("vpc-") and attr["DBInstanceCPU"])
        self.assertIn(self.call("DescribeDBInstanceTDE", {"DBInstanceId": a})["TDEStatus"], ("Enabled", "Disabled"))
        self.assertIn("PitrRetentionPeriod", self.call("DescribeBackupPolicy", {"DBInstanceId": a}))
        self.assertGreater(int(self.call("DescribeBackups", {"DBInstanceId": a})["TotalRecordCount"]), 0)
        r = self.call("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": f"{a},{b}", "BackupEnabled": "1",
                      "CrossBackupRegion": "cn-shanghai", "Retention": 30, "LogBackupEnabled": "1",
                      "CrossBackupType": "1", "RetentType": 1})
        self.assertEqual((r["BackupEnabled"], r["Retention"], r["RegionId"]), ("Enable", 30, "cn-hangzhou"))
        self.assertEqual(self.call("DescribeInstanceCrossBackupPolicy", {"DBInstanceId": a})["CrossBackupRegion"], "cn-shanghai")
        listed = self.call("DescribeCrossRegionBackupDBInstance", {"PageSize": 100})
        self.assertIn(a, [i["DBInstanceId"] for i in listed["Items"]["Item"]])
        self.served.cli("clock", "advance", "3h")
        span = {"DBInstanceId": a, "StartTime": "2020-01-01T00:00:00Z", "EndTime": "2030-01-01T00:00:00Z"}
        sets = self.call("DescribeCrossRegionBackups", span)["Items"]["Item"]
        self.assertTrue(sets)
        self.assertGreater(self.call("DescribeCrossRegionLogBackupFiles", span)["TotalRecordCount"], 0)
        set_id = str(sets[0]["CrossBackupId"])
        window = self.call("DescribeAvailableRecoveryTime", {"CrossBackupId": set_id})
        self.assertLessEqual(window["RecoveryBeginTime"], window["RecoveryEndTime"])
        restore = {"Engine": "MySQL", "EngineVersion": version, "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": 200}
        self.assertEqual(self.call("CheckCreateDdrDBInstance", {**restore, "RestoreType": "0", "BackupSetId": set_id},
                                   region="cn-shanghai")["IsValid"], "true")
        created = self.call("CreateDdrInstance", {**restore, "RestoreType": "BackupSet", "BackupSetId": set_id,
                            "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8"},
                            region="cn-shanghai")
        self.assertTrue(created["DBInstanceId"].startswith("rm-"))
        meta = self.call("DescribeCrossBackupMetaList", {"BackupSetId": set_id})
        self.assertEqual(meta["DBInstanceName"], a)
        db = meta["Items"]["Meta"][0]
        tables = json.dumps([{"type": "db", "name": db["Database"], "newname": db["Database"] + "_restored",
                              "tables": [{"type": "table", "name": t, "newname": t} for t in db["Tables"].split(",")[:2]]}])
        self.assertEqual(self.call("RestoreDdrTable", {"DBInstanceId": c, "RestoreType": "0", "BackupId": set_id,
                                                       "TableMeta": tables})["DBInstanceId"], c)
        self.assertTrue(self.call("CreateBackup", {"DBInstanceId": b})["BackupJobId"])
        new = self.call("CreateDBInstance", {"Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "mysql.x4.large.2",
                        "DBInstanceStorage": 100, "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                        "SecurityIPList": "10.0.0.0/8", "ZoneId": "cn-hangzhou-i"})["DBInstanceId"]
        self.served.cli("clock", "advance", "1h")
        self.call("ModifyDBInstanceTDE", {"DBInstanceId": new, "TDEStatus": "Enabled"})
        self.assertEqual(self.call("DeleteDBInstance", {"DBInstanceId": new})["RegionId"], "cn-hangzhou")
        detached = self.call("DescribeDetachedBackups", {"Region": "cn-hangzhou"})
        self.assertIsInstance(detached["TotalRecordCount"], str)

    def test_2_refusals(self):
        p = self.pending()[-1]["DBInstanceId"]
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": p, "BackupEnabled": "1",
                         "CrossBackupRegion": "cn-shanghai", "Retention": 6}), ("InvalidParameters.Format", 400))
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": p, "BackupEnabled": "1",
                         "CrossBackupRegion": "cn-beijing", "Retention": 7}), ("CrossBackupNotSupport", 403))
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": "rm-nothing", "Retention": 7}),
                         ("InvalidDBInstance.NotFound", 404))
        self.assertEqual(self.refused("DescribeInstanceCrossBackupPolicy", {"DBInstanceId": "rm-nothing"}),
                         ("InvalidDBInstanceId.NotFound", 400))
        self.assertEqual(self.refused("DescribeDBInstanceAttribute", {"DBInstanceId": "rm-nothing"}),
                         ("InvalidDBInstanceId.NotFound", 400))
        self.assertEqual(self.refused("DescribeAvailableCrossRegion", {}, region="ap-southeast-1"), ("CrossBackupNotSupport", 403))
        self.assertEqual(self.refused("DescribeAvailableCrossRegion", {}, region="cn-atlantis"), ("InvalidRegion.Format", 400))
        self.assertEqual(self.refused("DescribeCrossRegionBackups", {"DBInstanceId": p}), ("ParameterAbsence", 400))
        self.assertEqual(self.refused("DescribeAvailableRecoveryTime", {"CrossBackupId": "1"}), ("InvalidBackupSetID.NotFound", 404))
        self.assertEqual(self.refused("CreateDBInstance", {"Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "x" * 200,
                         "DBInstanceStorage": 100, "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                         "SecurityIPList": "10.0.0.0/8"}), ("InvalidDBInstanceClass.Malformed", 400))
        self.assertEqual(self.refused("DeleteDBInstance", {"DBInstanceId": p + "\x00garbage"}), ("Parameters.Invalid", 400))
        self.assertEqual(self.refused("DescribeDBInstances", {"MaxResults": 5, "NextToken": "forged"}), ("Invalid.NextToken", 400))
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": p, "Retention": 8},
                                      key=self.served.read_only), ("Forbidden.RAM", 403))

    def test_3_disable_alone_and_terraform_extras(self):
        p = self.pending()[-2]["DBInstanceId"]
        on = {"DBInstanceId": p, "CrossBackupType": "1", "BackupEnabled": "1", "RetentType": 1, "LogBackupEnabled": 1,
              "CrossBackupRegion": "cn-qingdao", "Retention": 45, "SourceIp": "192.0.2.10", "DBProxyEndpointId": "cn-hangzhou"}
        self.call("ModifyInstanceCrossBackupPolicy", on)
        off = self.call("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": p, "BackupEnabled": "0", "SourceIp": "192.0.2.10"})
        self.assertEqual((off["BackupEnabled"], off["LogBackupEnabled"], off["Retention"]), ("Disable", "Disable", 45))
        read = self.call("DescribeInstanceCrossBackupPolicy", {"DBInstanceId": p})
        self.assertEqual((read["BackupEnabled"], read["Retention"]), ("Disable", 45))
        self.assertIn("does not take DBProxyEndpointId, SourceIp: accepted and ignored", self.served.server_log())

    def test_4_client_token(self):
        a = self.pending()[3]["DBInstanceId"]
        self.call("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": a, "BackupEnabled": "1", "CrossBackupRegion": "cn-shenzhen",
                                                      "Retention": 7})
        self.served.cli("clock", "advance", "3h")
        set_id = str(self.call("DescribeCrossRegionBackups", {"DBInstanceId": a, "StartTime": "2020-01-01T00:00:00Z",
                                                              "EndTime": "2030-01-01T00:00:00Z"})["Items"]["Item"][0]["CrossBackupId"])
        ddr = {"Engine": "MySQL", "EngineVersion": self.pending()[3]["EngineVersion"], "DBInstanceClass": "rds.mysql.s2.large",
               "DBInstanceStorage": 200, "RestoreType": "BackupSet", "BackupSetId": set_id, "DBInstanceNetType": "Intranet",
               "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8", "ClientToken": "legacy-retry-0001"}
        before = self.call("DescribeDBInstances", {"PageSize": 100}, region="cn-shenzhen")["TotalRecordCount"]
        first = self.call("CreateDdrInstance", ddr, region="cn-shenzhen")
        again = self.call("CreateDdrInstance", ddr, region="cn-shenzhen")
        self.assertEqual(first["DBInstanceId"], again["DBInstanceId"])
        self.assertEqual(self.call("DescribeDBInstances", {"PageSize": 100}, region="cn-shenzhen")["TotalRecordCount"], before + 1)
        self.assertEqual(self.refused("CreateDdrInstance", {**ddr, "DBInstanceStorage": 300}, region="cn-shenzhen"),
                         ("IdempotentParameterMismatch", 400))

    def test_5_next_token_paging(self):
        total = self.call("DescribeDBInstances", {"PageSize": 100})["TotalRecordCount"]
        seen, token = [], None
        while True:
            params = {"MaxResults": 7}
            if token:
                params["NextToken"] = token
            body = self.call("DescribeDBInstances", params)
            seen += [i["DBInstanceId"] for i in body["Items"]["DBInstance"]]
            token = body["NextToken"]
            if not token:
                break
        self.assertEqual(len(seen), total)
        self.assertEqual(len(set(seen)), total)
        self.assertEqual(seen, sorted(seen))


if __name__ == "__main__":
    unittest.main(verbosity=2)
