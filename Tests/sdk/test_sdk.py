"""The official Alibaba Cloud Python SDK (alibabacloud-rds20140815) against `rds-console serve`.

Run by .ci/run: python -m unittest Tests/sdk/test_sdk.py (needs RDS_CONSOLE_BIN, the built binary).
"""
import datetime, hashlib, hmac, json, os, signal, sys, unittest, urllib.parse, urllib.request, uuid

sys.path.insert(0, os.path.dirname(__file__))

from alibabacloud_rds20140815 import models
from alibabacloud_rds20140815.client import Client
from alibabacloud_tea_openapi import models as om

from served import Served


class SDKTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = Served()
        cls.key, cls.read_only, cls.port, cls.server = cls.served.key, cls.served.read_only, cls.served.port, cls.served.server

    @classmethod
    def tearDownClass(cls):
        cls.served.stop()

    def client(self, key=None, v2=False, secret=None):
        key_id, key_secret = key or self.key
        cfg = om.Config(access_key_id=key_id, access_key_secret=secret or key_secret,
                        endpoint=f"127.0.0.1:{self.port}", protocol="http")
        if v2:
            cfg.signature_algorithm = "v2"
        return Client(cfg)

    def call(self, action, params, **kw):
        c = self.client(**kw)
        # The SDK's method for an action: its name without underscores, whatever the casing.
        names = {n.replace("_", "").lower(): n for n in dir(c) if not n.startswith("_") and not n.endswith("async")}
        method = getattr(c, names[action.lower()])
        request = getattr(models, action + "Request")().from_map(params)
        return method(request).body.to_map()

    def refused(self, action, params, **kw):
        with self.assertRaises(Exception) as ctx:
            self.call(action, params, **kw)
        return ctx.exception.code, ctx.exception.status_code

    def fleet(self):
        body = self.call("DescribeDBInstances", {"RegionId": "cn-hangzhou", "PageSize": 100, "InstanceLevel": 1})
        return body["Items"]["DBInstance"]

    def test_every_action_both_signatures(self):
        for v2 in (False, True):
            with self.subTest(v2=v2):
                pending = [i for i in self.fleet() if i["DBInstanceDescription"].startswith("batch-")]
                a, b = pending[0]["DBInstanceId"], pending[1]["DBInstanceId"]
                p = {"RegionId": "cn-hangzhou", "DBInstanceId": a}
                self.assertEqual(self.call("DescribeAvailableCrossRegion", {"RegionId": "cn-hangzhou"}, v2=v2)["Regions"]["Region"],
                                 ["cn-shanghai", "cn-qingdao", "cn-shenzhen"])
                self.assertEqual(self.call("DescribeDBInstanceAttribute", {"DBInstanceId": a}, v2=v2)["Items"]["DBInstanceAttribute"][0]["DBInstanceId"], a)
                self.assertIn("TDEStatus", self.call("DescribeDBInstanceTDE", {"DBInstanceId": a}, v2=v2))
                self.assertIn("PreferredBackupTime", self.call("DescribeBackupPolicy", {"DBInstanceId": a}, v2=v2))
                self.assertGreater(int(self.call("DescribeBackups", {"DBInstanceId": a}, v2=v2)["TotalRecordCount"]), 0)
                r = self.call("ModifyInstanceCrossBackupPolicy", {**p, "DBInstanceId": f"{a},{b}", "BackupEnabled": "1",
                              "CrossBackupRegion": "cn-shanghai", "Retention": 30, "LogBackupEnabled": "1",
                              "CrossBackupType": "1", "RetentType": 1}, v2=v2)
                self.assertEqual((r["BackupEnabled"], r["Retention"]), ("Enable", 30))
                self.assertEqual(self.call("DescribeInstanceCrossBackupPolicy", p, v2=v2)["CrossBackupRegion"], "cn-shanghai")
                listed = self.call("DescribeCrossRegionBackupDBInstance", {"RegionId": "cn-hangzhou", "PageSize": 100}, v2=v2)
                self.assertIn(a, [i["DBInstanceId"] for i in listed["Items"]["Item"]])
                self.served.cli("clock", "advance", "2h")
                sets = self.call("DescribeCrossRegionBackups", {**p, "StartTime": "2020-01-01T00:00Z",
                                 "EndTime": "2030-01-01T00:00Z"}, v2=v2)["Items"]["Item"]
                self.assertTrue(sets)
                logs = self.call("DescribeCrossRegionLogBackupFiles", {**p, "StartTime": "2020-01-01T00:00:00Z",
                                 "EndTime": "2030-01-01T00:00:00Z"}, v2=v2)
                self.assertGreater(logs["TotalRecordCount"], 0)
                set_id = sets[0]["CrossBackupId"]
                window = self.call("DescribeAvailableRecoveryTime", {"CrossBackupId": set_id}, v2=v2)
                self.assertLessEqual(window["RecoveryBeginTime"], window["RecoveryEndTime"])
                restore = {"RegionId": "cn-shanghai", "Engine": "MySQL", "EngineVersion": pending[0]["EngineVersion"],
                           "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": 200}
                self.assertEqual(self.call("CheckCreateDdrDBInstance", {**restore, "RestoreType": "0",
                                           "BackupSetId": str(set_id)}, v2=v2)["IsValid"], "true")
                created = self.call("CreateDdrInstance", {**restore, "RestoreType": "BackupSet", "BackupSetId": str(set_id),
                                    "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1"}, v2=v2)
                self.assertTrue(created["DBInstanceId"].startswith("rm-"))
                meta = self.call("DescribeCrossBackupMetaList", {"BackupSetId": str(set_id)}, v2=v2)
                db = meta["Items"]["Meta"][0]
                tables = json.dumps([{"type": "db", "name": db["Database"], "newname": db["Database"],
                                      "tables": [{"type": "table", "name": db["Tables"].split(",")[0]}]}])
                self.assertEqual(self.call("RestoreDdrTable", {"RegionId": "cn-hangzhou", "DBInstanceId": a, "RestoreType": "0",
                                           "BackupId": str(set_id), "TableMeta": tables}, v2=v2)["DBInstanceId"], a)
                self.assertIn("BackupJobId", self.call("CreateBackup", {"DBInstanceId": b}, v2=v2))
                new = self.call("CreateDBInstance", {"RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                                "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": 100,
                                "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8"}, v2=v2)
                self.served.cli("clock", "advance", "1h")
                self.call("ModifyDBInstanceTDE", {"DBInstanceId": new["DBInstanceId"], "TDEStatus": "Enabled"}, v2=v2)
                self.assertEqual(self.call("DeleteDBInstance", {"DBInstanceId": new["DBInstanceId"]}, v2=v2)["RegionId"], "cn-hangzhou")
                detached = self.call("DescribeDetachedBackups", {"Region": "cn-hangzhou"}, v2=v2)
                self.assertIsInstance(detached["TotalRecordCount"], str)

    def test_refusals(self):
        pending = [i for i in self.fleet() if i["DBInstanceDescription"].startswith("batch-")]
        target = pending[-1]["DBInstanceId"]
        p = {"RegionId": "cn-hangzhou", "DBInstanceId": target}
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {**p, "BackupEnabled": "1",
                         "CrossBackupRegion": "cn-shanghai", "Retention": 6}), ("InvalidParameters.Format", 400))
        self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {**p, "BackupEnabled": "1",
                         "CrossBackupRegion": "cn-beijing", "Retention": 7}), ("CrossBackupNotSupport", 403))
        released = [i for i in self.served.api("DescribeDBInstances", RegionId="cn-beijing", DBInstanceStatus="Released")["Items"]["DBInstance"]]
        self.assertTrue(released, "the demo fleet has a released instance in cn-beijing")
        if released:
            rid = released[0]["DBInstanceId"]
            self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"RegionId": "cn-beijing", "DBInstanceId": rid,
                             "CrossBackupRegion": "cn-shenzhen"}), ("IncorrectDBInstanceState", 403))
        self.assertEqual(self.refused("DescribeInstanceCrossBackupPolicy", {"RegionId": "cn-hangzhou",
                         "DBInstanceId": "rm-nothere"}), ("InvalidDBInstanceId.NotFound", 400))
        # TDE: a set taken with TDE on restores only into the source region.
        tde = pending[-2]["DBInstanceId"]
        self.call("ModifyDBInstanceTDE", {"DBInstanceId": tde, "TDEStatus": "Enabled"})
        self.call("ModifyInstanceCrossBackupPolicy", {"RegionId": "cn-hangzhou", "DBInstanceId": tde, "BackupEnabled": "1",
                  "CrossBackupRegion": "cn-qingdao", "Retention": 7})
        self.served.cli("clock", "advance", "26h")  # a daily set taken after TDE was turned on (R6.4)
        sets = self.call("DescribeCrossRegionBackups", {"RegionId": "cn-hangzhou", "DBInstanceId": tde,
                         "StartTime": "2020-01-01T00:00Z", "EndTime": "2030-01-01T00:00Z"})["Items"]["Item"]
        restore = {"RegionId": "cn-qingdao", "Engine": "MySQL", "EngineVersion": pending[-2]["EngineVersion"],
                   "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": 200, "BackupSetId": str(sets[0]["CrossBackupId"])}
        self.assertEqual(self.refused("CheckCreateDdrDBInstance", {**restore, "RestoreType": "0"}), ("CrossRegionUnsupportTDE", 400))
        self.assertEqual(self.refused("CreateDdrInstance", {**restore, "RestoreType": "BackupSet", "DBInstanceNetType": "Intranet",
                         "PayType": "Postpaid", "SecurityIPList": "127.0.0.1"}), ("CrossRegionUnsupportTDE", 403))

    def test_bad_signature_and_keys(self):
        # A read, and a change (which the server checks on a writer's thread): the same refusals.
        modify = {"RegionId": "cn-hangzhou", "DBInstanceId": "rm-x", "Retention": 8}
        for v2 in (False, True):
            for action, params in (("DescribeAvailableCrossRegion", {"RegionId": "cn-hangzhou"}),
                                   ("ModifyInstanceCrossBackupPolicy", modify)):
                self.assertEqual(self.refused(action, params, v2=v2, secret="wrong-secret"), ("SignatureDoesNotMatch", 403))
                self.assertEqual(self.refused(action, params, v2=v2, key=("LTAInobodyhasthiskey00", "x")),
                                 ("InvalidAccessKeyId.NotFound", 404))

    def test_read_only_key(self):
        for v2 in (False, True):
            self.assertIn("Regions", self.call("DescribeAvailableCrossRegion", {"RegionId": "cn-hangzhou"}, key=self.read_only, v2=v2))
            self.assertEqual(self.refused("ModifyInstanceCrossBackupPolicy", {"RegionId": "cn-hangzhou", "DBInstanceId": "rm-x",
                             "Retention": 8}, key=self.read_only, v2=v2), ("Forbidden.RAM", 403))

    def test_drill_with_read_only_key(self):
        # LocalDescribeDisasterRecoveryDrill is no RDS action: the SDK's generic call_api sends it, signed as any other.
        from alibabacloud_tea_util import models as util_models
        params = om.Params(action="LocalDescribeDisasterRecoveryDrill", version="2014-08-15", protocol="HTTP", pathname="/",
                           method="POST", auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
        for v2 in (False, True):
            request = om.OpenApiRequest(query={"RegionId": "cn-hangzhou", "RPOTargetSeconds": "3600"})
            body = self.client(key=self.read_only, v2=v2).call_api(params, request, util_models.RuntimeOptions())["body"]
            self.assertEqual([k for k in body if k != "RequestId"],
                             ["Region", "At", "RPOTargetSeconds", "RTOTargetSeconds", "Summary", "Instances"])
            self.assertEqual((body["Region"], body["RPOTargetSeconds"], body["RTOTargetSeconds"]), ("cn-hangzhou", 3600, None))
            summary = body["Summary"]
            self.assertTrue(summary["Protected"] > 0 and summary["Unprotected"] > 0)
            self.assertEqual(summary["Instances"], len(body["Instances"]))
            self.assertEqual(summary["Protected"] + summary["Unprotected"], summary["Instances"])
            self.assertEqual(summary["Failed"], sum(1 for i in body["Instances"] if not i["Pass"]))
            for i in body["Instances"]:
                self.assertEqual(i["RPOSeconds"] is None, not i["Protected"])
                self.assertEqual(i["Reason"] != "", not i["Protected"] or i["Reason"].startswith("Newer sets"))

    # Requests signed here, independently of the SDK, to control the date and the nonce (reference §2.2).
    def raw_v3(self, action, query, date=None, nonce=None, secret=None):
        key_id, key_secret = self.key
        date = date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        nonce = nonce or uuid.uuid4().hex
        empty = hashlib.sha256(b"").hexdigest()
        headers = {"host": f"127.0.0.1:{self.port}", "x-acs-action": action, "x-acs-version": "2014-08-15",
                   "x-acs-date": date, "x-acs-signature-nonce": nonce, "x-acs-content-sha256": empty}
        q = "&".join(f"{k}={urllib.parse.quote(v, safe='~')}" for k, v in sorted(query.items()))
        names = sorted(headers)
        canonical = "\n".join(["POST", "/", q, "".join(f"{n}:{headers[n]}\n" for n in names), ";".join(names), empty])
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        sig = hmac.new((secret or key_secret).encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(names)},Signature={sig}"
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/?{q}", data=b"", headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_call_api_with_a_form_body_both_signatures(self):
        """tea's generic call_api with its parameters in a form-encoded body (B.13), as scripts call any action."""
        from alibabacloud_tea_openapi import utils_models as um
        from darabonba.runtime import RuntimeOptions
        for v2 in (False, True):
            with self.subTest(v2=v2):
                params = um.Params(action="DescribeDBInstances", version="2014-08-15", protocol="HTTP", pathname="/",
                                   method="POST", auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
                answer = self.client(v2=v2).call_api(params, om.OpenApiRequest(body={"RegionId": "cn-hangzhou", "PageSize": 3}),
                                                     RuntimeOptions())
                self.assertEqual(answer["statusCode"], 200)
                self.assertEqual(len(answer["body"]["Items"]["DBInstance"]), 3, "PageSize from the body counts")
                wrong = Client(om.Config(access_key_id=self.key[0], access_key_secret="nope", endpoint=f"127.0.0.1:{self.port}",
                                         protocol="http", signature_algorithm="v2" if v2 else None))
                with self.assertRaises(Exception) as ctx:
                    wrong.call_api(params, om.OpenApiRequest(body={"RegionId": "cn-hangzhou"}), RuntimeOptions())
                self.assertEqual(ctx.exception.code, "SignatureDoesNotMatch")

    def test_empty_tags_filter_nothing(self):
        """Ansible's ali_rds_instance_info and footmark send Tags=[] on every listing (B.11)."""
        every = self.call("DescribeDBInstances", {"RegionId": "cn-hangzhou", "PageSize": 100})
        tagged = self.call("DescribeDBInstances", {"RegionId": "cn-hangzhou", "PageSize": 100, "Tags": "[]"})
        self.assertEqual(tagged["TotalRecordCount"], every["TotalRecordCount"])
        self.assertGreater(tagged["TotalRecordCount"], 50)
        some = self.call("DescribeDBInstances", {"RegionId": "cn-hangzhou", "Tags": '[{"Key": "env", "Value": "prod"}]'})
        self.assertEqual(some["TotalRecordCount"], 0, "no instance here carries a tag")

    def test_date_and_nonce(self):
        ok = self.raw_v3("DescribeAvailableCrossRegion", {"RegionId": "cn-beijing"}, nonce="a" * 32)
        self.assertEqual(ok[0], 200)
        again = self.raw_v3("DescribeAvailableCrossRegion", {"RegionId": "cn-beijing"}, nonce="a" * 32)
        self.assertEqual((again[0], again[1]["Code"]), (400, "SignatureNonceUsed"))
        old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)).strftime("%Y-%m-%dT%H:%M:%SZ")
        expired = self.raw_v3("DescribeAvailableCrossRegion", {"RegionId": "cn-beijing"}, date=old)
        self.assertEqual((expired[0], expired[1]["Code"]), (400, "InvalidTimeStamp.Expired"))
        wrong = self.raw_v3("DescribeAvailableCrossRegion", {"RegionId": "cn-beijing"}, secret="nope")
        self.assertEqual((wrong[0], wrong[1]["Code"]), (403, "SignatureDoesNotMatch"))
        # A change's nonce is spent by its check, whatever the change answers.
        modify = {"RegionId": "cn-hangzhou", "DBInstanceId": "rm-nosuchinstance0", "Retention": "8"}
        first = self.raw_v3("ModifyInstanceCrossBackupPolicy", modify, nonce="b" * 32)
        self.assertEqual((first[0], first[1]["Code"]), (404, "InvalidDBInstance.NotFound"))
        replay = self.raw_v3("ModifyInstanceCrossBackupPolicy", modify, nonce="b" * 32)
        self.assertEqual((replay[0], replay[1]["Code"]), (400, "SignatureNonceUsed"))

    def test_zz_graceful_shutdown(self):
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(timeout=10), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
