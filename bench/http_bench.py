"""Requests per second and latency of `rds-console serve`, beside moto_server (the usual local AWS
emulator) answering DescribeDBInstanceAutomatedBackups, with the same load generator.

    swift build -c release && python3 bench/http_bench.py [--instances 10000] [--seconds 3]

Needs `moto[server]` and boto3 (pip). The generator is Python threads with keep-alive connections;
each of our requests is signed (ACS3-HMAC-SHA256, fresh nonce), as the SDK does.
"""
import argparse, datetime, hashlib, hmac, http.client, json, os, re, socket, statistics, subprocess, sys, tempfile, threading, time, urllib.parse, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RDS_CONSOLE_BIN", os.path.join(ROOT, ".build", "release", "rds-console"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def signed(port, key_id, secret, action, query):
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    empty = hashlib.sha256(b"").hexdigest()
    headers = {"host": f"127.0.0.1:{port}", "x-acs-action": action, "x-acs-version": "2014-08-15", "x-acs-date": date,
               "x-acs-signature-nonce": uuid.uuid4().hex, "x-acs-content-sha256": empty}
    q = "&".join(f"{k}={urllib.parse.quote(v, safe='~')}" for k, v in sorted(query.items()))
    names = sorted(headers)
    canonical = "\n".join(["POST", "/", q, "".join(f"{n}:{headers[n]}\n" for n in names), ";".join(names), empty])
    sig = hmac.new(secret.encode(), ("ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()).encode(),
                   hashlib.sha256).hexdigest()
    headers["authorization"] = f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(names)},Signature={sig}"
    return "/?" + q, headers, b""


def load(port, make_request, clients, seconds):
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.time() + seconds

    def worker(n):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        i = 0
        while time.time() < stop:
            path, headers, body = make_request(n, i)
            t = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            mine.append(time.perf_counter() - t)
            if r.status != 200:
                with lock:
                    errors[0] += 1
            i += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - start
    latencies.sort()
    return len(latencies) / elapsed, latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000, errors[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=10000)
    ap.add_argument("--moto-instances", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=3)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="rds-http-bench-")
    env = dict(os.environ, RDS_CONSOLE_STATE=os.path.join(work, "state.sqlite"), XDG_CONFIG_HOME=os.path.join(work, "config"))
    subprocess.run([BIN, "demo", "--instances", str(a.instances), "--seed", "7"], env=env, check=True, capture_output=True)
    out = subprocess.run([BIN, "access-key", "create"], env=env, check=True, capture_output=True, text=True).stdout
    key_id, secret = re.search(r"AccessKeyId:\s+(\S+)", out).group(1), re.search(r"AccessKeySecret:\s+(\S+)", out).group(1)
    listed = json.loads(subprocess.run([BIN, "api", "DescribeCrossRegionBackupDBInstance", "--RegionId", "cn-hangzhou",
                                        "--PageSize", "100"], env=env, check=True, capture_output=True, text=True).stdout)
    enabled = [i["DBInstanceId"] for i in listed["Items"]["Item"] if i["DBInstanceStatus"] == "Running"]
    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    moto_port = free_port()
    moto = subprocess.Popen(["moto_server", "-p", str(moto_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        wait_port(moto_port)
        import boto3
        rds = boto3.client("rds", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{moto_port}",
                           aws_access_key_id="x", aws_secret_access_key="x")
        for n in range(a.moto_instances):
            rds.create_db_instance(DBInstanceIdentifier=f"db{n}", DBInstanceClass="db.m5.large", Engine="mysql",
                                   MasterUsername="admin", MasterUserPassword="password1", AllocatedStorage=100,
                                   BackupRetentionPeriod=7)
        print(f"rds-console serve: {a.instances}-instance demo state; moto_server: {a.moto_instances} RDS instances; "
              f"{a.seconds:g} s per run, Python keep-alive clients")

        def describe(n, i):
            return signed(port, key_id, secret, "DescribeInstanceCrossBackupPolicy",
                          {"RegionId": "cn-hangzhou", "DBInstanceId": enabled[(n * 7 + i) % len(enabled)]})

        ids = enabled  # retention changes of enabled instances: every request is valid

        def batch(n, i):
            chunk = ",".join(ids[(n * 10 + j) % len(ids)] for j in range(10))
            return signed(port, key_id, secret, "ModifyInstanceCrossBackupPolicy",
                          {"RegionId": "cn-hangzhou", "DBInstanceId": chunk, "Retention": str(7 + i % 50)})

        def moto_describe(n, i):
            body = urllib.parse.urlencode({"Action": "DescribeDBInstanceAutomatedBackups", "Version": "2014-10-31",
                                           "DBInstanceIdentifier": f"db{(n * 7 + i) % a.moto_instances}"}).encode()
            return "/", {"Content-Type": "application/x-www-form-urlencoded", "Host": f"127.0.0.1:{moto_port}",
                         "Authorization": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/rds/aws4_request, "
                                          "SignedHeaders=host, Signature=0"}, body

        results = {}
        for clients in (1, 32):
            for name, target, make in (("DescribeInstanceCrossBackupPolicy", port, describe),
                                       ("ModifyInstanceCrossBackupPolicy, 10 IDs a request", port, batch),
                                       ("moto DescribeDBInstanceAutomatedBackups", moto_port, moto_describe)):
                rps, p50, p99, errors = load(target, make, clients, a.seconds)
                results[(name, clients)] = rps
                print(f"{clients:>2} clients  {name:<52} {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
                      + (f"  ({errors} non-200)" if errors else ""))
            ratio = results[("DescribeInstanceCrossBackupPolicy", clients)] / results[("moto DescribeDBInstanceAutomatedBackups", clients)]
            print(f"{clients:>2} clients  throughput ratio, rds-console describe / moto describe: {ratio:.1f}x (goal >= 10x)")
    finally:
        server.terminate()
        moto.terminate()
        server.wait()
        moto.wait()


if __name__ == "__main__":
    main()
