#!/usr/bin/env python3
"""Report of the overhead scenario (scenarios/overhead.sh).

  overhead_report.py <title> <env file> <case dir>... [--log <gateway log>]
  overhead_report.py --other-cores <case dir>      foreign load during one wrk run (for the retry decision)

Case dirs: "case" (key=value: kind=rate|max, target, ...); rate cases hold rate.out (RateLoad's RATE and CPU
lines) and the gateway's /q/metrics before/after; max cases hold wrk.out (+ .cpu) and cpu.before/after.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import cpu_split, kv_file, metrics, opt, print_log  # noqa: E402  (same directory)

TARGETS = ("direct", "proxy", "verigate")
LABEL = {"direct": "direct to the stub", "proxy": "nginx proxy", "verigate": "Verigate"}
QUIET = 0.15


def line_kv(text, tag):
    m = re.search(r"^%s (.*)$" % tag, text, re.M)
    return dict(kv.split("=", 1) for kv in m.group(1).split()) if m else {}


def prom_sum_count(path, name, label_re):
    """Sum and count of a Prometheus histogram/summary over the series whose labels match label_re."""
    s = c = 0.0
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r"^%s_(sum|count)\{(.*)\} ([0-9.eE+-]+)$" % name, line)
                if m and re.search(label_re, m.group(2)):
                    if m.group(1) == "sum":
                        s += float(m.group(3))
                    else:
                        c += float(m.group(3))
    except OSError:
        pass
    return s, c


def rate_case(d):
    case = kv_file(os.path.join(d, "case"))
    text = open(os.path.join(d, "rate.out")).read()
    r = line_kv(text, "RATE")
    cpu = {k: float(v) for k, v in line_kv(text, "CPU").items()}
    st = {int(k[7:]): int(v) for k, v in r.items() if k.startswith("status_")}
    out = {
        "kind": "rate", "target": case["target"], "rate": int(case["rate"]), "attempts": int(case.get("attempts", 1)),
        "rps": float(r["rps"]), "answered": int(r["answered"]), "scheduled": int(r["scheduled"]),
        "ok": sum(v for k, v in st.items() if 200 <= k < 300), "statuses": st,
        "errors": int(r["err_io"]) + int(r["timeouts"]) + int(r["unsent"]), "wraps": int(r["wraps"]),
        "p50": int(r["p50_us"]) / 1000, "p90": int(r["p90_us"]) / 1000, "p99": int(r["p99_us"]) / 1000,
        "p999": int(r["p999_us"]) / 1000, "max": int(r["max_us"]) / 1000,
        "lag50": int(r["lag_p50_us"]) / 1000, "lag99": int(r["lag_p99_us"]) / 1000, "cpu": cpu,
        "connections": int(case["connections"]), "duration": float(case["duration"]),
        "rss_mb": int(case["rss_kb"]) / 1024 if case.get("rss_kb") else None,
    }
    before, after = os.path.join(d, "metrics.before"), os.path.join(d, "metrics.after")
    s0, c0 = prom_sum_count(before, "http_server_requests_seconds", r'uri="/verification/v1/verifications"')
    s1, c1 = prom_sum_count(after, "http_server_requests_seconds", r'uri="/verification/v1/verifications"')
    u0, n0 = prom_sum_count(before, "http_client_requests_seconds", r'sinch|verification')
    u1, n1 = prom_sum_count(after, "http_client_requests_seconds", r'sinch|verification')
    out["server_mean"] = (s1 - s0) / (c1 - c0) * 1000 if c1 > c0 else None
    out["upstream_mean"] = (u1 - u0) / (n1 - n0) * 1000 if n1 > n0 else None
    return out


def max_case(d):
    case = kv_file(os.path.join(d, "case"))
    text = open(os.path.join(d, "wrk.out")).read()
    b = line_kv(text, "BENCH")
    st = {int(k[7:]): int(v) for k, v in b.items() if k.startswith("status_")}
    pct = {}
    for p in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, text, re.M)
        pct[p] = float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]
    errors = sum(int(v) for k, v in b.items() if k.startswith("err_") and k != "err_status")
    return {
        "kind": "max", "target": case["target"], "conns": int(case["connections"]),
        "attempts": int(case.get("attempts", 1)), "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": pct["50"], "p99": pct["99"], "ok": sum(v for k, v in st.items() if 200 <= k < 300),
        "non2xx": sum(v for k, v in st.items() if not 200 <= k < 300), "errors": errors,
        "wraps": int(b.get("wraps", 0)), "cpu": cpu_split(d, ("gateway", "redis", "stub", "proxy"), "self") or {},
    }


def ms(v):
    if v is None:
        return "—"
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


def added(v, base):
    if base is None:
        return "—"
    d = v - base
    return f"{'+' if d >= 0 else '−'}{abs(d):.2f} ms" if abs(d) < 10 else f"{'+' if d >= 0 else '−'}{abs(d):.1f} ms"


def flag(c):
    return " ⚠" if c["cpu"].get("other", 0) > QUIET else ""


def main():
    args = sys.argv[1:]
    if args[:1] == ["--other-cores"]:
        print("%.2f" % (cpu_split(args[1], ("gateway", "redis", "stub", "proxy"), "self") or {}).get("other", 0.0))
        return
    gateway_log = opt(args, "--log")
    title, env_file, dirs = args[0], args[1], args[2:]
    env = kv_file(env_file)
    cases = [rate_case(d) if kv_file(os.path.join(d, "case"))["kind"] == "rate" else max_case(d) for d in dirs]
    rates = [c for c in cases if c["kind"] == "rate"]
    maxes = [c for c in cases if c["kind"] == "max"]
    p = print
    cores = env.get("cores", "?")

    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()
    p(f"Machine: {env.get('cpu', '?')}, {cores} cores, {env.get('memory', '?')} RAM. **The load generator, "
      f"Verigate, Redis, the nginx stub and the nginx proxy all share these {cores} cores.** "
      f"Software: {env.get('java', '?')}; gateway JVM `{env.get('jvm', '')}`; Redis {env.get('redis', '?')}; "
      f"nginx {env.get('nginx', '?')}; {env.get('wrk', '?')}.")
    p()
    p("Targets, all started once and used in turn: **direct** = the fast stub (nginx, 1 worker, a fixed 200 JSON "
      "answer); **nginx proxy** = a second nginx (one worker per core) with `proxy_pass` to the stub over a "
      "keep-alive upstream pool, the floor for any proxy hop; **Verigate** = the jar (prod profile) in front of the "
      "stub: Application-signed auth (HMAC-SHA256), validation, the four Redis limit checks (app, country, number, "
      "cooldown), the signed upstream call, two ownership SETs. Every request is the same kind of signed start, "
      "each to a number used once (so every limit allows it).")
    p()
    if rates:
        r0 = rates[0]
        p("## Fixed rates (open loop)")
        p()
        p(f"`lib/RateLoad.java`: request *i* is due at start + *i*/rate whatever happened before, over "
          f"{r0['connections']} keep-alive connections (one request in flight each); latency is measured from the "
          f"**intended** send time, so a stall or a queue shows up in full (no coordinated omission). Per row: "
          f"{kv_file(os.path.join(dirs[0], 'case')).get('warmup', '?')} s at the rate, not measured, then "
          f"{r0['duration']:.0f} s measured. *added* = this target's percentile minus the direct one's at the same "
          "rate (percentiles do not subtract exactly; it is the honest first-order figure).")
        p()
        p("| rate/s | target | achieved/s | p50 | p90 | p99 | p99.9 | max | added p50 | added p99 | added p99.9 "
          "| non-2xx, errors |")
        p("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for rate in sorted({c["rate"] for c in rates}):
            row = {c["target"]: c for c in rates if c["rate"] == rate}
            base = row.get("direct")
            for t in TARGETS:
                c = row.get(t)
                if not c:
                    continue
                bad = c["answered"] - c["ok"]
                errs = f"{bad} non-2xx" if bad else "none"
                if c["errors"]:
                    errs += f", {c['errors']} I/O errors/timeouts/unsent"
                if c["wraps"]:
                    errs += f", file wrapped {c['wraps']}×"
                add = (lambda k: added(c[k], base[k]) if base and t != "direct" else "—")
                p(f"| {rate} | {LABEL[t]}{flag(c)} | {c['rps']:.0f} | {ms(c['p50'])} | {ms(c['p90'])} | {ms(c['p99'])} "
                  f"| {ms(c['p999'])} | {ms(c['max'])} | {add('p50')} | {add('p99')} | {add('p999')} | {errs} |")
        p()
        p("CPU during each measured window (cores, of %s, from /proc), Verigate's own view of the request time "
          "(mean of `http_server_requests_seconds` for the start URI, and of the upstream client's "
          "`http_client_requests_seconds`), and the generator's self-check (*send lag* = how late after its "
          "intended time a request left while a connection was free; it is inside every latency above, for all "
          "three targets alike):" % cores)
        p()
        p("| rate/s | target | gateway | redis | stub | proxy | generator | other | gateway CPU / start "
          "| server mean | upstream mean | gateway RSS after | send lag p50 / p99 | attempts |")
        p("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c in rates:
            u = c["cpu"]
            per = u.get("gateway", 0) / c["rps"] * 1000 if c["rps"] and c["target"] == "verigate" else None
            v = c["target"] == "verigate"
            rss = f"{c['rss_mb']:.0f} MB" if c["rss_mb"] else "—"
            p(f"| {c['rate']} | {LABEL[c['target']]} | {u.get('gateway', 0):.2f} | {u.get('redis', 0):.2f} "
              f"| {u.get('stub', 0):.2f} | {u.get('proxy', 0):.2f} | {u.get('self', 0):.2f} "
              f"| {u.get('other', 0):.2f}{flag(c)} | {ms(per) if per else '—'} "
              f"| {ms(c['server_mean']) if v else '—'} | {ms(c['upstream_mean']) if v else '—'} "
              f"| {rss} "
              f"| {c['lag50']:.2f} / {c['lag99']:.2f} ms | {c['attempts']} |")
        p()
    if maxes:
        p("## Maximum throughput (closed loop, wrk)")
        p()
        p(f"wrk {env.get('threads', '2')} threads, `lib/replay.lua`, {env.get('warmup', '?')} s warm-up then "
          f"{env.get('duration', '?')} s measured per row; each connection waits for its answer, so this is the "
          "throughput the box reaches with that many clients, not a latency figure.")
        p()
        p("| conns | target | req/s | p50 | p99 | 2xx | non-2xx, errors | gateway | redis | stub | proxy | wrk "
          "| other |")
        p("|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
        for c in maxes:
            u = c["cpu"]
            errs = ", ".join(x for x in (f"{c['non2xx']} non-2xx" if c["non2xx"] else "",
                                         f"{c['errors']} socket errors" if c["errors"] else "") if x) or "none"
            if c["wraps"] and c["target"] == "verigate":
                errs += f", file wrapped {c['wraps']}× (numbers repeated!)"
            p(f"| {c['conns']} | {LABEL[c['target']]}{flag(c)} | {c['rps']:.0f} | {ms(c['p50'])} | {ms(c['p99'])} "
              f"| {c['ok']} | {errs} | {u.get('gateway', 0):.2f} | {u.get('redis', 0):.2f} | {u.get('stub', 0):.2f} "
              f"| {u.get('proxy', 0):.2f} | {u.get('self', 0):.2f} | {u.get('other', 0):.2f} |")
        p()
        best = {t: max((c["rps"] for c in maxes if c["target"] == t), default=0) for t in TARGETS}
        p(f"Best of each: direct {best['direct']:.0f} req/s, nginx proxy {best['proxy']:.0f} req/s, Verigate "
          f"{best['verigate']:.0f} req/s: **Verigate = {100 * best['verigate'] / best['proxy']:.0f}% of the nginx "
          "proxy's maximum**." if best["proxy"] else "No proxy run.")
        p()
    p("## Targets (issue step 6)")
    p()
    at1000 = {c["target"]: c for c in rates if c["rate"] == 1000}
    if "verigate" in at1000 and "direct" in at1000:
        d = at1000["verigate"]["p99"] - at1000["direct"]["p99"]
        p(f"- Added p99 at 1,000 starts/s ≤ 2 ms: Verigate p99 {ms(at1000['verigate']['p99'])} vs direct "
          f"{ms(at1000['direct']['p99'])}: added **{d:.2f} ms** → {'met' if d <= 2 else '**not met**'}"
          + (" (flagged run: foreign load)" if flag(at1000["verigate"]) or flag(at1000["direct"]) else "") + ".")
    if maxes:
        best = {t: max((c["rps"] for c in maxes if c["target"] == t), default=0) for t in TARGETS}
        if best["proxy"]:
            share = best["verigate"] / best["proxy"]
            p(f"- Maximum throughput ≥ 50% of nginx's: **{100 * share:.0f}%** → {'met' if share >= 0.5 else '**not met**'}.")
    p()
    if any(flag(c) for c in cases):
        p(f"⚠ = more than {QUIET} cores went to processes outside the benchmark during that measured run (after the "
          "retries counted in *attempts*): depressed by foreign load, do not compare.")
        p()
    if gateway_log and os.path.exists(gateway_log):
        print_log(p, gateway_log, "the whole run (boot, warm-ups, every target's runs; wrk closes its connections "
                  "with requests in flight at the end of each closed-loop run)")

if __name__ == "__main__":
    main()
