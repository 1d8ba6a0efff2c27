#!/usr/bin/env python3
"""Mixed traffic for the dashboard scenario: what a day of many apps looks like, compressed into minutes.

  dashload.py --url URL --app ID:KEY:SECRET [--app ...] --seconds T [--rate R] [--workers W]
              [--fault-from F --fault-to G] --out FILE

The gateway must be its own upstream (its sandbox on, with events), so that every operation, callback and
webhook delivery happens for real. Each worker repeats, at about R/W operations per second in all, one of:

  flow      start sms to a fresh number, read the code from the sandbox inbox, report it, get the status  55%
  flashcall start flashcall to a fresh number, report the CLI from the inbox                                10%
  callout   start callout to a fresh number                                                             5%
  again     start to a number started in the last minute: the cooldown answers 429                      10%
  wrong     report a wrong code to a pending verification (FAIL)                                         5%
  bad       a start with an invalid body: 400                                                           5%
  forged    a start with a wrong secret: 401                                                            5%
  unknown   the status of an id nobody started: 404                                                     5%

Between --fault-from and --fault-to (fractions of the run) half of the starts go to numbers ending in 0500
(the sandbox answers 500), so the start breaker opens and apps get 503s. Apps are picked at random, the first
one twice as often as each other. Basic auth (the cost of signing is not what this run shows). Writes one
"op status" line per operation to FILE and prints a count per operation and status.
"""
import argparse
import base64
import collections
import http.client
import json
import random
import threading
import time
from urllib.parse import quote, urlsplit

START = "/verification/v1/verifications"
MAGIC = {"0403", "0410", "0429", "0503", "0504", "0500"}


class Client:
    """One keep-alive connection per worker."""

    def __init__(self, url):
        u = urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def call(self, method, path, auth=None, body=None):
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                return r.status, data
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    return 0, b""
        return 0, b""

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Numbers:
    """Fresh Swedish mobile numbers (+4670 + 7 digits), never a sandbox magic ending unless asked."""

    def __init__(self):
        self.next = random.randrange(1_000_000, 8_000_000)
        self.lock = threading.Lock()
        self.recent = collections.deque(maxlen=200)

    def fresh(self):
        with self.lock:
            while f"{self.next:07d}"[-4:] in MAGIC:
                self.next += 1
            n = "+4670%07d" % self.next
            self.next += 1
            self.recent.append((time.time(), n))
            return n

    def failing(self):
        with self.lock:
            n = "+4670%03d0500" % (self.next % 1000)
            self.next += 1
            return n

    def recently_started(self):
        with self.lock:
            fresh = [n for t, n in self.recent if time.time() - t < 60]
        return random.choice(fresh) if fresh else None


def start_body(number, method):
    return json.dumps({"identity": {"type": "number", "endpoint": number}, "method": method})


def inbox(client, number):
    status, data = client.call("GET", "/sandbox/inbox/" + quote(number))
    items = json.loads(data) if status == 200 and data else []
    return items[0] if items else None


class Run:
    def __init__(self, a):
        self.a = a
        self.apps = [spec.split(":", 2) for spec in a.app]
        self.weights = [2] + [1] * (len(self.apps) - 1)
        self.numbers = Numbers()
        self.t0 = time.time()
        self.counts = collections.Counter()
        self.lock = threading.Lock()
        self.out = open(a.out, "w", encoding="utf-8")
        self.pending = collections.deque(maxlen=100)  # (auth, id) of started, unreported verifications

    def faulting(self):
        f = (time.time() - self.t0) / self.a.seconds
        return self.a.fault_from <= f < self.a.fault_to

    def record(self, op, status):
        with self.lock:
            self.counts[(op, status)] += 1
            self.out.write(f"{op} {status}\n")

    def start(self, client, auth, method, number=None):
        if number is None:
            number = self.numbers.failing() if self.faulting() and random.random() < 0.5 else self.numbers.fresh()
        status, data = client.call("POST", START, auth, start_body(number, method))
        self.record("start-" + method, status)
        return number, (json.loads(data).get("id") if status == 200 and data else None)

    def one(self, client):
        _, key, secret = random.choices(self.apps, weights=self.weights)[0]
        auth = f"{key}:{secret}"
        op = random.choices(["flow", "flashcall", "callout", "again", "wrong", "bad", "forged", "unknown"],
                            weights=[55, 10, 5, 10, 5, 5, 5, 5])[0]
        if op == "flow":
            number, vid = self.start(client, auth, "sms")
            msg = inbox(client, number) if vid else None
            if msg:
                status, _ = client.call("PUT", f"{START}/id/{vid}", auth,
                                        json.dumps({"method": "sms", "sms": {"code": msg["code"]}}))
                self.record("report", status)
                status, _ = client.call("GET", f"{START}/id/{vid}", auth)
                self.record("status", status)
        elif op == "flashcall":
            number, vid = self.start(client, auth, "flashcall")
            msg = inbox(client, number) if vid else None
            if msg and msg.get("cli"):
                status, _ = client.call("PUT", f"{START}/id/{vid}", auth,
                                        json.dumps({"method": "flashcall", "flashCall": {"cli": msg["cli"]}}))
                self.record("report", status)
        elif op == "callout":
            _, vid = self.start(client, auth, "callout")
            if vid:
                with self.lock:
                    self.pending.append((auth, vid))
        elif op == "again":
            number = self.numbers.recently_started()
            if number:
                self.start(client, auth, "sms", number)
        elif op == "wrong":
            with self.lock:
                item = self.pending.popleft() if self.pending else None
            if item:
                status, _ = client.call("PUT", f"{START}/id/{item[1]}", item[0],
                                        json.dumps({"method": "callout", "callout": {"code": "0000"}}))
                self.record("report-wrong", status)
        elif op == "bad":
            status, _ = client.call("POST", START, auth, '{"identity":{"type":"number"},"method":"sms"}')
            self.record("start-bad", status)
        elif op == "forged":
            status, _ = client.call("POST", START, f"{key}:d3Jvbmc=", start_body(self.numbers.fresh(), "sms"))
            self.record("start-forged", status)
        else:
            status, _ = client.call("GET", f"{START}/id/00000000-0000-4000-8000-{random.randrange(16**12):012x}",
                                    auth)
            self.record("status-unknown", status)

    def worker(self):
        client = Client(self.a.url)
        interval = self.a.workers / self.a.rate
        next_at = time.time()
        end = self.t0 + self.a.seconds
        while time.time() < end:
            self.one(client)
            next_at += interval
            time.sleep(max(0.0, next_at - time.time()))
        client.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--app", action="append", required=True, help="ID:KEY:SECRET (repeatable)")
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--rate", type=float, default=40.0, help="operations per second, all workers together")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--fault-from", type=float, default=0.45)
    p.add_argument("--fault-to", type=float, default=0.6)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    run = Run(a)
    threads = [threading.Thread(target=run.worker, daemon=True) for _ in range(a.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.out.close()
    for (op, status), n in sorted(run.counts.items()):
        print(f"{op} {status} {n}")


if __name__ == "__main__":
    main()
