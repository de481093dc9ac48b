"""Real clients' request shapes against `rds-console serve --clock wall --speed 600` (B.10, B.11, B.12):
footmark's create-and-wait and a one-client disaster-recovery runbook, through the legacy core's CommonRequest
with the parameters those clients send. Run by .ci/run: python -m unittest Tests/sdk/test_clients.py.
"""
import json, os, sys, time, unittest

sys.path.insert(0, os.path.dirname(__file__))

from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from served import Served


class ClientShapeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = Served("--clock", "wall", "--speed", "600")

    @classmethod
    def tearDownClass(cls):
        cls.served.stop()

    def call(self, action, params, region="cn-hangzhou"):
        """One request as the legacy core's CommonRequest sends it: RegionId from the client, the rest in the query."""
        r = CommonRequest(domain=f"127.0.0.1:{self.served.port}", version="2014-08-15", action_name=action)
        r.set_protocol_type("http")
        for k, v in params.items():
            r.add_query_param(k, v)
        return json.loads(AcsClient(*self.served.key, region).do_action_with_exception(r))

    def wait_until(self, what, seconds=30):
        """Polls `what` every half second; the state's clock moves 300 s between two polls."""
        start = time.time()
        while time.time() - start < seconds:
            found = what()
            if found:
                return found, time.time() - start
            time.sleep(0.5)
        self.fail(f"still waiting after {seconds} s")

    def test_footmark_create_and_wait(self):
        """footmark's create_rds_instance, then its wait for Running (it gives up after 720 s): here, seconds."""
        created = self.call("CreateDBInstance", {"Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
                                                 "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet",
                                                 "SecurityIPList": "10.0.0.0/8", "PayType": "Postpaid", "ZoneId": "cn-hangzhou-h",
                                                 "DBInstanceDescription": "footmark-made", "ClientToken": "footmark-1"})
        iid = created["DBInstanceId"]

        def running():
            listed = self.call("DescribeDBInstances", {"DBInstanceId": iid, "Tags": "[]", "PageSize": "100"})["Items"]["DBInstance"]
            return listed and listed[0]["DBInstanceStatus"] == "Running"
        _, took = self.wait_until(running)
        self.assertLess(took, 30)

    def test_runbook_one_client_across_regions(self):
        """Enable cross-region backup, wait for a set, restore it in Shanghai, and poll the new instance with the
        same Hangzhou client: both regions are served by the central endpoint, so the instance is found (B.10)."""
        pending = [i for i in self.call("DescribeDBInstances", {"PageSize": "100", "Tags": "[]"})["Items"]["DBInstance"]
                   if i["DBInstanceDescription"].startswith("batch-")]
        source = pending[0]
        self.call("ModifyInstanceCrossBackupPolicy", {"DBInstanceId": source["DBInstanceId"], "BackupEnabled": "Enable",
                                                      "CrossBackupRegion": "cn-shanghai", "CrossBackupType": "1",
                                                      "RetentType": "1", "Retention": "7", "LogBackupEnabled": "Enable"})
        span = {"DBInstanceId": source["DBInstanceId"], "StartTime": "2020-01-01T00:00:00Z", "EndTime": "2099-01-01T00:00:00Z"}
        sets, _ = self.wait_until(lambda: self.call("DescribeCrossRegionBackups", span)["Items"]["Item"])
        restored = self.call("CreateDdrInstance", {"Engine": "MySQL", "EngineVersion": source["EngineVersion"],
                                                   "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "200",
                                                   "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                                                   "SecurityIPList": "10.0.0.0/8", "RestoreType": "BackupSet",
                                                   "BackupSetId": str(sets[0]["CrossBackupId"])}, region="cn-shanghai")["DBInstanceId"]

        def running():
            attribute = self.call("DescribeDBInstanceAttribute", {"DBInstanceId": restored})["Items"]["DBInstanceAttribute"][0]
            self.assertEqual(attribute["RegionId"], "cn-shanghai")
            return attribute["DBInstanceStatus"] == "Running"
        self.wait_until(running)
        # A region with its own endpoint does not reach it.
        with self.assertRaises(Exception) as ctx:
            self.call("DescribeDBInstanceAttribute", {"DBInstanceId": restored}, region="ap-southeast-1")
        self.assertIn("InvalidDBInstanceId.NotFound", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
