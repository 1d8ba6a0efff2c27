#!/usr/bin/env python3
"""Open-loop load for the faults scenario: signed starts at a fixed rate, every answer logged.

  faultload.py run   --targets URL[,URL] --key K --secret S --rate R --seconds T --first N --numbers C
                     [--repeat M] [--idempotency PREFIX] [--sample URL,...] [--redis PORT] --out DIR
  faultload.py retry --targets URL --key K --secret S --log FILE --idempotency PREFIX --out FILE [--rounds N]
  faultload.py inbox --sandbox URL --log FILE --out FILE
  faultload.py owned --redis PORT --log FILE [--log FILE] --out FILE

run: request i is scheduled at t0 + i/R whatever happened to the others (open loop: a slow answer never
holds the next request back, and latency is counted from the scheduled instant, so waiting for a free
connection counts too). Numbers are +4670 + 7 digits from N on, skipping the sandbox's magic endings; with
--repeat M each number gets M starts, spread over the run and over the targets at random. --idempotency
gives each start the header Idempotency-Key = PREFIX-<number>. Writes DIR/requests.tsv (one line per start:
scheduled, sent, done, target, number, status, errorCode, Retry-After, Verigate-Recovered, message) and,
with --sample, DIR/samples.tsv: every 100 ms the gateways' fallback and breaker counters and Redis DBSIZE.

retry: what an app is told to do with a 503/50300 (or no answer): send the same start again with the same
Idempotency-Key, here after the fault is over, up to --rounds times, 1 s apart (same columns; target = round).

inbox: asks the sandbox (GET /sandbox/inbox/{number}) what each number of the log actually received.

owned: for every start of the logs answered 200, whether Redis holds its ownership record (vg:own:{id}), without
which a lookup by id has to ask Sinch (one line per start: id, sent, done, recorded).
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import random
import re
import sys
import time
from datetime import datetime, timezone
from urllib.parse import urlsplit

PATH = "/verification/v1/verifications"
MAGIC = {"0403", "0410", "0429", "0503", "0504", "0500"}
TIMEOUT = 30.0


def numbers(first, count):
    out, n = [], first
    while len(out) < count:
        if f"{n:07d}"[-4:] not in MAGIC:
            out.append(n)
        n += 1
    return out


def e164(n):
    return "+4670%07d" % n


class Signer:
    def __init__(self, key, secret):
        self.key, self.secret = key, base64.b64decode(secret)

    def start(self, host, number, idem):
        body = ('{"identity":{"type":"number","endpoint":"%s"},"method":"sms"}' % e164(number)).encode()
        ts = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
        md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
        to_sign = f"POST\n{md5}\napplication/json\nx-timestamp:{ts}\n{PATH}"
        sig = base64.b64encode(hmac.new(self.secret, to_sign.encode(), hashlib.sha256).digest()).decode()
        head = (f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nx-timestamp: {ts}\r\n"
                f"Authorization: Application {self.key}:{sig}\r\nContent-Length: {len(body)}\r\n")
        if idem:
            head += f"Idempotency-Key: {idem}\r\n"
        return (head + "\r\n").encode() + body


class Pool:
    """Keep-alive HTTP/1.1 connections to one host, opened on demand (no cap: open loop)."""

    def __init__(self, url):
        u = urlsplit(url)
        self.host, self.port, self.hostport = u.hostname, u.port, u.netloc
        self.idle = []

    async def exchange(self, raw):
        conn = self.idle.pop() if self.idle else await asyncio.open_connection(self.host, self.port)
        r, w = conn
        try:
            w.write(raw)
            await w.drain()
            status, headers, body = await read_response(r)
        except BaseException:
            w.close()
            raise
        if headers.get("connection", "").lower() == "close":
            w.close()
        else:
            self.idle.append(conn)
        return status, headers, body

    async def get(self, path):
        return await self.exchange(f"GET {path} HTTP/1.1\r\nHost: {self.hostport}\r\n\r\n".encode())


async def read_response(r):
    line = await r.readline()
    if not line:
        raise ConnectionError("closed before an answer")
    status = int(line.split(b" ", 2)[1])
    headers = {}
    while True:
        h = await r.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await r.readline()).split(b";")[0], 16)
            if size == 0:
                await r.readline()
                break
            body += await r.readexactly(size)
            await r.readline()
    else:
        body = await r.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def describe(status, headers, body):
    code, msg = "", ""
    if status >= 400:
        try:
            j = json.loads(body)
            code, msg = str(j.get("errorCode", "")), str(j.get("message", ""))[:60]
        except ValueError:
            msg = body[:60].decode("latin-1", "replace")
    return code, headers.get("retry-after", ""), headers.get("verigate-recovered", ""), msg


def verification_id(status, body):
    if status != 200:
        return ""
    try:
        return str(json.loads(body).get("id", ""))
    except ValueError:
        return ""


async def one(pool, signer, number, idem, t_sched, out, target_index):
    sent = time.time()
    try:
        raw = signer.start(pool.hostport, number, idem)
        status, headers, body = await asyncio.wait_for(pool.exchange(raw), TIMEOUT)
        code, retry_after, recovered, msg = describe(status, headers, body)
        vid = verification_id(status, body)
    except Exception as e:  # no answer: counted as status 0 with the reason
        status, code, retry_after, recovered, msg, vid = 0, "", "", "", type(e).__name__, ""
    msg = re.sub(r"[\t\n]", " ", msg)
    out.append(f"{t_sched:.4f}\t{sent:.4f}\t{time.time():.4f}\t{target_index}\t{e164(number)}\t{status}\t{code}"
               f"\t{retry_after}\t{recovered}\t{msg}\t{vid}\n")


async def sampler(urls, redis_port, path, stop):
    pools = [Pool(u) for u in urls]
    wanted = re.compile(r'^(verigate_limits_store_fallbacks_total|ft_circuitbreaker_opened_total\{[^}]*sinch-start'
                        r'|ft_circuitbreaker_state_total\{[^}]*sinch-start[^}]*state="open"'
                        r'|ft_bulkhead_calls_total\{[^}]*sinch-start[^}]*bulkheadResult="rejected")[^ ]* ([0-9.eE+-]+)$',
                        re.M)
    with open(path, "w") as f:
        f.write("t\tsource\tname\tvalue\n")
        while not stop.is_set():
            t = time.time()
            for i, p in enumerate(pools):
                try:
                    _, _, body = await asyncio.wait_for(p.get("/q/metrics"), 1.0)
                    for m in wanted.finditer(body.decode()):
                        name = m.group(0).split(" ")[0]
                        short = ("fallbacks" if name.startswith("verigate") else
                                 "breaker_opened" if "opened" in name else
                                 "bulkhead_rejected" if "bulkhead" in name else "breaker_open_seconds")
                        f.write(f"{t:.4f}\tgw{i}\t{short}\t{m.group(2)}\n")
                except Exception:
                    p.idle.clear()
                    f.write(f"{t:.4f}\tgw{i}\tmetrics\t-1\n")
            if redis_port:
                f.write(f"{t:.4f}\tredis\tdbsize\t{await redis_dbsize(redis_port)}\n")
            await asyncio.sleep(max(0.0, 0.1 - (time.time() - t)))


async def redis_dbsize(port):
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 0.5)
        w.write(b"DBSIZE\r\n")
        line = await asyncio.wait_for(r.readline(), 0.5)
        w.close()
        return int(line[1:]) if line.startswith(b":") else -1
    except Exception:
        return -1


async def run(a):
    targets = [Pool(u) for u in a.targets.split(",")]
    signer = Signer(a.key, a.secret)
    nums = numbers(a.first, a.numbers)
    plan = [n for n in nums for _ in range(a.repeat)]
    rnd = random.Random(a.first)
    if a.repeat > 1:
        rnd.shuffle(plan)
    total = min(len(plan), int(a.rate * a.seconds)) if a.seconds else len(plan)
    os.makedirs(a.out, exist_ok=True)
    out, tasks, stop = [], [], asyncio.Event()
    samp = asyncio.create_task(sampler(a.sample.split(",") if a.sample else [], a.redis,
                                       os.path.join(a.out, "samples.tsv"), stop)) if a.sample or a.redis else None
    t0 = time.time() + 0.2
    for i in range(total):
        t = t0 + i / a.rate
        wait = t - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        ti = rnd.randrange(len(targets))
        idem = f"{a.idempotency}-{e164(plan[i])[1:]}" if a.idempotency else None
        tasks.append(asyncio.create_task(one(targets[ti], signer, plan[i], idem, t, out, ti)))
    await asyncio.gather(*tasks)
    if samp:
        await asyncio.sleep(a.tail)
        stop.set()
        await samp
    with open(os.path.join(a.out, "requests.tsv"), "w") as f:
        f.write("scheduled\tsent\tdone\ttarget\tnumber\tstatus\terrorCode\tretryAfter\trecovered\tmessage\tid\n")
        f.writelines(sorted(out))
    print(f"sent {total} starts in {time.time() - t0:.1f}s", file=sys.stderr)


def read_log(path):
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


async def retry(a):
    """Re-sends, with the same Idempotency-Key, every start whose last answer was a 503 or nothing."""
    pool, signer = Pool(a.targets), Signer(a.key, a.secret)
    pending = sorted({r["number"] for r in read_log(a.log) if r["status"] in ("503", "0")})
    out = []
    for rnd in range(1, a.rounds + 1):
        if not pending:
            break
        if rnd > 1:
            await asyncio.sleep(1.0)
        answers = []
        sem = asyncio.Semaphore(32)

        async def again(number):
            async with sem:
                await one(pool, signer, int(number[5:]), f"{a.idempotency}-{number[1:]}", time.time(), answers, rnd)

        await asyncio.gather(*(again(n) for n in pending))
        out.extend(answers)
        pending = sorted({line.split("\t")[4] for line in answers if line.split("\t")[5] in ("503", "0")})
    with open(a.out, "w") as f:
        f.write("scheduled\tsent\tdone\ttarget\tnumber\tstatus\terrorCode\tretryAfter\trecovered\tmessage\tid\n")
        f.writelines(out)
    print(f"retried; still unresolved: {len(pending)}", file=sys.stderr)


async def inbox(a):
    pool = Pool(a.sandbox)
    nums = sorted({r["number"] for r in read_log(a.log)})
    counts = {}
    sem = asyncio.Semaphore(16)

    async def ask(n):
        async with sem:
            status, _, body = await pool.get("/sandbox/inbox/%2B" + n[1:])
            counts[n] = len(json.loads(body)) if status == 200 else -1

    await asyncio.gather(*(ask(n) for n in nums))
    with open(a.out, "w") as f:
        f.write("number\tdelivered\n")
        f.writelines(f"{n}\t{counts[n]}\n" for n in nums)


async def owned(a):
    rows = {}
    for log in a.log:
        for r in read_log(log):
            if r.get("status") == "200" and r.get("id"):
                rows[r["id"]] = r
    ids = sorted(rows)
    reader, writer = await asyncio.open_connection("127.0.0.1", a.redis)
    found = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for vid in chunk:
            key = "vg:own:{%s}" % vid
            writer.write(f"*2\r\n$6\r\nEXISTS\r\n${len(key)}\r\n{key}\r\n".encode())
        await writer.drain()
        for vid in chunk:
            found[vid] = (await reader.readline()).strip() == b":1"
    writer.close()
    with open(a.out, "w") as f:
        f.write("id\tsent\tdone\trecorded\n")
        f.writelines(f"{vid}\t{rows[vid]['sent']}\t{rows[vid]['done']}\t{1 if found[vid] else 0}\n" for vid in ids)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--targets", required=True)
    r.add_argument("--key", required=True)
    r.add_argument("--secret", required=True)
    r.add_argument("--rate", type=float, required=True)
    r.add_argument("--seconds", type=float, default=0, help="0: until every planned start was sent")
    r.add_argument("--first", type=int, required=True)
    r.add_argument("--numbers", type=int, required=True)
    r.add_argument("--repeat", type=int, default=1)
    r.add_argument("--idempotency")
    r.add_argument("--sample", help="gateways' management URLs whose /q/metrics are sampled")
    r.add_argument("--redis", type=int, help="Redis port whose DBSIZE is sampled")
    r.add_argument("--tail", type=float, default=0.5, help="seconds of sampling after the last answer")
    r.add_argument("--out", required=True)
    t = sub.add_parser("retry")
    for k in ("--targets", "--key", "--secret", "--log", "--idempotency", "--out"):
        t.add_argument(k, required=True)
    t.add_argument("--rounds", type=int, default=5)
    i = sub.add_parser("inbox")
    for k in ("--sandbox", "--log", "--out"):
        i.add_argument(k, required=True)
    o = sub.add_parser("owned")
    o.add_argument("--redis", type=int, required=True)
    o.add_argument("--log", action="append", required=True)
    o.add_argument("--out", required=True)
    a = p.parse_args()
    asyncio.run({"run": run, "retry": retry, "inbox": inbox, "owned": owned}[a.cmd](a))


if __name__ == "__main__":
    main()
