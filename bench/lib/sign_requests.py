#!/usr/bin/env python3
"""Pre-signs Sinch start requests for wrk (whose Lua cannot HMAC).

Each output line is  <Authorization>\t<x-timestamp>\t<body>  for POST /verification/v1/verifications with
Content-Type application/json, signed with the Sinch "Application signed request" scheme (reference
section 2.2, src/main/java/dev/verigate/signing/Signatures.java):

  Content-MD5  = Base64(MD5(body))
  StringToSign = POST\n<Content-MD5>\napplication/json\nx-timestamp:<ts>\n/verification/v1/verifications
  Signature    = Base64(HMAC-SHA256(Base64Decode(secret), StringToSign))

Numbers are +4670 followed by 7 digits (Swedish mobile range, valid E.164): --first N --count C gives
numbers N .. N+C-1; --cycle K makes the numbers repeat every K requests (the "repeated" scenario).
x-timestamp is now (UTC), one microsecond later on each line, so that no two lines are the same signed request
(Verigate accepts each signed request once) and they stay valid for the gateway's clock-skew window (15 minutes
by default): generate them right before the run.
"""
import argparse
import base64
import hashlib
import hmac
import sys
from datetime import datetime, timedelta, timezone

PATH = "/verification/v1/verifications"
CONTENT_TYPE = "application/json"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--key", required=True)
    p.add_argument("--secret", required=True, help="application secret, Base64 as Sinch issues it")
    p.add_argument("--first", type=int, required=True, help="first number, 0..9999999 (+4670 + 7 digits)")
    p.add_argument("--count", type=int, required=True, help="requests to write")
    p.add_argument("--cycle", type=int, default=0, help="repeat the numbers every CYCLE requests (0: never)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    distinct = a.cycle if a.cycle > 0 else a.count
    if a.first < 0 or a.first + distinct > 10_000_000:
        sys.exit("numbers out of range: +4670 has 7 digits left")

    key = base64.b64decode(a.secret)
    start = datetime.now(timezone.utc)
    with open(a.out, "w", encoding="utf-8") as out:
        for i in range(a.count):
            # One microsecond apart: no two lines share a signature (the gateway accepts each signed request once).
            ts = (start + timedelta(microseconds=i)).isoformat(timespec="microseconds").replace("+00:00", "Z")
            n = a.first + (i % distinct)
            body = '{"identity":{"type":"number","endpoint":"+4670%07d"},"method":"sms"}' % n
            md5 = base64.b64encode(hashlib.md5(body.encode()).digest()).decode()
            to_sign = f"POST\n{md5}\n{CONTENT_TYPE}\nx-timestamp:{ts}\n{PATH}"
            sig = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha256).digest()).decode()
            out.write(f"Application {a.key}:{sig}\t{ts}\t{body}\n")


if __name__ == "__main__":
    main()
