#!/usr/bin/env python3
"""One cold start of the gateway, timed to its first served request.

  startup.py --cwd DIR --java JAVA [--opt FLAG]... --url URL --key KEY --secret SECRET --number N
             --log FILE [--env NAME=VALUE]... [--timeout S]

Spawns `JAVA <opts> -jar quarkus-run.jar` in DIR with the given environment, then sends a real start
(POST /verification/v1/verifications, Sinch Application-signed, a fresh number) every 5 ms until one is
answered. Connection refused means "not listening yet" (Quarkus opens its port once started); the first
answer must be a 200. Prints one JSON object:

  first_ms        spawn -> the first 200 of a signed start (what an app waits for after a restart)
  listen_ms       spawn -> the TCP connect of that request succeeded (the port opened); the rest of
                  first_ms is what the very first request costs (class loading, first Redis scripts, ...)
  started_s       Quarkus' own "started in" figure from the log (JVM start excluded)
  rss_mb          VmRSS of the JVM right after the first 200
  gateway_cores   CPU the JVM used from spawn to the first 200, in cores (JIT and GC threads run in parallel)
  foreign_cores   CPU used by every other process on the machine meanwhile, in cores (noise)

Then stops the JVM (SIGTERM, as Kubernetes does) and waits for it to exit.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

PATH = "/verification/v1/verifications"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def signed_start(key, secret, number):
    body = '{"identity":{"type":"number","endpoint":"+4670%07d"},"method":"sms"}' % number
    ts = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
    md5 = base64.b64encode(hashlib.md5(body.encode()).digest()).decode()
    to_sign = f"POST\n{md5}\napplication/json\nx-timestamp:{ts}\n{PATH}"
    sig = base64.b64encode(hmac.new(base64.b64decode(secret), to_sign.encode(), hashlib.sha256).digest()).decode()
    return body, {"Content-Type": "application/json", "x-timestamp": ts, "Authorization": f"Application {key}:{sig}"}


def machine_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4]  # all but idle and iowait


def proc_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def self_ticks():
    t = os.times()
    return round((t.user + t.system) * CLK_TCK)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cwd", required=True)
    p.add_argument("--java", help="the JVM that runs quarkus-run.jar")
    p.add_argument("--exec", help="a native executable to run instead (in --cwd)")
    p.add_argument("--opt", action="append", default=[])
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--key", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--number", type=int, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--timeout", type=float, default=60)
    a = p.parse_args()

    host, port = re.match(r"http://([^:/]+):(\d+)", a.url).groups()
    env = dict(os.environ)
    env.update(kv.split("=", 1) for kv in a.env)
    cmd = [a.exec, *a.opt] if a.exec else [a.java, *a.opt, "-jar", "quarkus-run.jar"]
    result = {"cmd": " ".join(cmd)}
    with open(a.log, "wb") as log:
        busy0, me0 = machine_busy(), self_ticks()
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=a.cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            status = None
            while status is None:
                if proc.poll() is not None:
                    sys.exit(f"the JVM exited with {proc.returncode} before answering (see {a.log})")
                if time.monotonic() - t0 > a.timeout:
                    sys.exit(f"no answer within {a.timeout}s (see {a.log})")
                body, headers = signed_start(a.key, a.secret, a.number)
                conn = http.client.HTTPConnection(host, int(port), timeout=a.timeout)
                try:
                    conn.connect()
                    t_listen = time.monotonic()
                    conn.request("POST", PATH, body=body, headers=headers)
                    resp = conn.getresponse()
                    status, answer = resp.status, resp.read()
                except (ConnectionRefusedError, ConnectionResetError):
                    time.sleep(0.005)
                finally:
                    conn.close()
            t1 = time.monotonic()
            gw, busy1, me1 = proc_ticks(proc.pid), machine_busy(), self_ticks()
            result["rss_mb"] = round(rss_mb(proc.pid), 1)
            if status != 200:
                sys.exit(f"the first answer was {status}: {answer[:300]!r} (see {a.log})")
            elapsed = t1 - t0
            result["first_ms"] = round(elapsed * 1000, 1)
            result["listen_ms"] = round((t_listen - t0) * 1000, 1)
            result["gateway_cores"] = round(gw / CLK_TCK / elapsed, 2)
            result["foreign_cores"] = round(max(0, busy1 - busy0 - gw - (me1 - me0)) / CLK_TCK / elapsed, 2)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    with open(a.log, encoding="utf-8", errors="replace") as f:
        m = re.search(r"started in ([0-9.]+)s", f.read())
    result["started_s"] = float(m.group(1)) if m else None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
