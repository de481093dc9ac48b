"""A fresh state with the demo fleet, served by `rds-console serve` on a free port, for the SDK suites.

RDS_CONSOLE_BIN names the built binary.
"""
import json, os, re, socket, subprocess, tempfile, time

BIN = os.environ.get("RDS_CONSOLE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "rds-console"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, *serve_args):
        self.work = tempfile.mkdtemp(prefix="rds-sdk-")
        self.env = dict(os.environ, RDS_CONSOLE_STATE=os.path.join(self.work, "state.sqlite"),
                        XDG_CONFIG_HOME=os.path.join(self.work, "config"))
        self.cli("status")  # first run: the demo fleet
        self.key = self.new_key()
        self.read_only = self.new_key("--read-only")
        self.port = free_port()
        self.log_path = os.path.join(self.work, "serve.log")
        self.log = open(self.log_path, "w")
        self.server = subprocess.Popen([BIN, "serve", "--port", str(self.port), *serve_args], env=self.env, stderr=self.log, text=True)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

    def cli(self, *args):
        return subprocess.run([BIN, *args], env=self.env, check=True, capture_output=True, text=True).stdout

    def api(self, action, **params):
        args = ["api", action]
        for k, v in params.items():
            args += [f"--{k}", str(v)]
        return json.loads(self.cli(*args))

    def new_key(self, *flags):
        out = self.cli("access-key", "create", *flags)
        return re.search(r"AccessKeyId:\s+(\S+)", out).group(1), re.search(r"AccessKeySecret:\s+(\S+)", out).group(1)

    def server_log(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.server.poll() is None:
            self.server.kill()
        self.log.close()
