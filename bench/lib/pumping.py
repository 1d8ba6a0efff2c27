#!/usr/bin/env python3
"""An SMS pumping attack against a gateway over the sandbox, mixed with normal traffic (bench/scenarios/pumping.sh).

  pump    app "pump": starts to numbers of one premium prefix (+44 7912 ...), none ever verified
  shop    app "shop": normal traffic to +46 701 ...: every start's code is read from the sandbox inbox and reported
  spread  app "spread" (a daily budget): starts spread over 28 prefixes (+44 771..799 but 791), a few each (below the guard's
          min-starts), each looked up once (Sinch's status answer names the price that settles its charge)

pump and shop interleave (PUMP_PER_SHOP pump starts, then one shop verification); spread runs after them.
Writes one JSON object: per app the answers by status (and the index of the first refusal), for the report.
Every request is Application-signed like the Sinch SDKs sign (stdlib only).
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import random
import sys
import time
from datetime import datetime, timezone
from urllib.parse import urlparse

PATH = "/verification/v1/verifications"


class Gateway:
    def __init__(self, url):
        u = urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def send(self, method, path, key, secret, body=None, sign=True):
        headers = {}
        data = body.encode() if body is not None else None
        if sign:
            ts = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
            ctype = "application/json" if data is not None else ""
            md5 = base64.b64encode(hashlib.md5(data).digest()).decode() if data is not None else ""
            to_sign = f"{method}\n{md5}\n{ctype}\nx-timestamp:{ts}\n{path}"
            sig = base64.b64encode(hmac.new(base64.b64decode(secret), to_sign.encode(), hashlib.sha256).digest())
            headers = {"Authorization": f"Application {key}:{sig.decode()}", "x-timestamp": ts}
            if data is not None:
                headers["Content-Type"] = ctype
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                payload = r.read()
                return r.status, (json.loads(payload) if payload else None)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def start_body(number):
    return json.dumps({"identity": {"type": "number", "endpoint": number}, "method": "sms"}, separators=(",", ":"))


class Tally:
    def __init__(self):
        self.by_status = {}
        self.first_refusal = None
        self.sent = 0
        self.codes = set()

    def add(self, status, body):
        self.sent += 1
        self.by_status[str(status)] = self.by_status.get(str(status), 0) + 1
        if status != 200 and self.first_refusal is None:
            self.first_refusal = {"index": self.sent, "status": status,
                                  "errorCode": (body or {}).get("errorCode"), "message": (body or {}).get("message")}
        if status != 200 and body:
            self.codes.add(body.get("errorCode"))

    def json(self):
        return {"sent": self.sent, "by_status": self.by_status, "first_refusal": self.first_refusal,
                "error_codes": sorted(c for c in self.codes if c is not None)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gateway", required=True)
    p.add_argument("--sandbox", required=True, help="base URL of the Verigate serving the sandbox (its inbox)")
    p.add_argument("--apps", required=True, help="JSON {app: [key, secret]} for pump, shop, spread")
    p.add_argument("--pump", type=int, default=1000)
    p.add_argument("--pump-per-shop", type=int, default=4)
    p.add_argument("--spread", type=int, default=290)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    apps = json.loads(a.apps)
    rnd = random.Random(a.seed)
    gw = Gateway(a.gateway)
    sandbox = Gateway(a.sandbox)
    used = set()

    def fresh(prefix, digits):
        while True:
            n = prefix + "".join(rnd.choice("0123456789") for _ in range(digits))
            if n not in used and n[-4:] not in ("0403", "0410", "0429", "0500", "0503", "0504"):
                used.add(n)
                return n

    pump, shop, spread, reports = Tally(), Tally(), Tally(), Tally()
    t0 = time.monotonic()
    shops = a.pump // a.pump_per_shop
    for i in range(a.pump):
        number = fresh("+447912", 6)
        status, body = gw.send("POST", PATH, *apps["pump"], start_body(number))
        pump.add(status, body)
        if (i + 1) % a.pump_per_shop == 0 and shop.sent < shops:
            number = fresh("+46701", 6)
            status, body = gw.send("POST", PATH, *apps["shop"], start_body(number))
            shop.add(status, body)
            if status == 200:
                _, inbox = sandbox.send("GET", f"/sandbox/inbox/{number}", None, None, sign=False)
                code = next(m["code"] for m in inbox if m["verificationId"] == body["id"])
                report = json.dumps({"method": "sms", "sms": {"code": code}}, separators=(",", ":"))
                status, body = gw.send("PUT", f"{PATH}/id/{body['id']}", *apps["shop"], report)
                reports.add(status if status != 200 or body.get("status") == "SUCCESSFUL" else 299, body)
    t1 = time.monotonic()
    prefixes = [f"+447{d}" for d in range(71, 100) if d != 91]
    for i in range(a.spread):
        number = fresh(prefixes[i % len(prefixes)], 7)
        status, body = gw.send("POST", PATH, *apps["spread"], start_body(number))
        spread.add(status, body)
        if status == 200:
            gw.send("GET", f"{PATH}/id/{body['id']}", *apps["spread"])
    t2 = time.monotonic()
    json.dump({"pump": pump.json(), "shop": shop.json(), "shop_reports": reports.json(), "spread": spread.json(),
               "seconds": {"pump_and_shop": round(t1 - t0, 1), "spread": round(t2 - t1, 1)},
               "spread_prefixes": len(prefixes)}, open(a.out, "w"), indent=1)
    print(f"pumping: pump {pump.by_status}, shop {shop.by_status}, spread {spread.by_status}", file=sys.stderr)


if __name__ == "__main__":
    main()
