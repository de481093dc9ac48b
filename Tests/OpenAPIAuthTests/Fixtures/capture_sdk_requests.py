# Runs the official SDK against a loopback server that records each request.
import json, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_rds20140815.client import Client
from alibabacloud_rds20140815 import models

captured = []
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('content-length') or 0)
        body = self.rfile.read(n).decode() if n else ''
        captured.append({'method': 'POST', 'target': self.path, 'headers': [[k.lower(), v] for k, v in self.headers.items()], 'body': body})
        out = json.dumps({'RequestId': 'x'}).encode()
        self.send_response(200); self.send_header('content-type', 'application/json'); self.send_header('content-length', str(len(out))); self.end_headers(); self.wfile.write(out)
    do_GET = do_POST
    def log_message(self, *a): pass

srv = HTTPServer(('127.0.0.1', 0), H)
port = srv.server_address[1]
threading.Thread(target=srv.serve_forever, daemon=True).start()
secret = 'testSecret+/=with:odd*chars~'
# ACS3 (the default), HMAC-SHA1 (v2), and ACS3 with an STS token (x-acs-security-token, signed).
for algo, token in [(None, None), ('v2', None), (None, 'CAIStestSecurityToken/+=')]:
    cfg = open_api_models.Config(access_key_id='LTAItestkey0001', access_key_secret=secret, endpoint=f'127.0.0.1:{port}', protocol='http')
    if algo: cfg.signature_algorithm = algo
    if token: cfg.security_token = token
    c = Client(cfg)
    c.describe_instance_cross_backup_policy(models.DescribeInstanceCrossBackupPolicyRequest(region_id='cn-hangzhou', dbinstance_id='rm-abc def*/:~'))
    c.modify_instance_cross_backup_policy(models.ModifyInstanceCrossBackupPolicyRequest(region_id='cn-hangzhou', dbinstance_id='rm-a,rm-b', backup_enabled='1', cross_backup_region='cn-shanghai', retention=30, log_backup_enabled='1'))
srv.shutdown()
print(json.dumps({'secret': secret, 'host': f'127.0.0.1:{port}', 'requests': captured}, indent=1, ensure_ascii=False))
