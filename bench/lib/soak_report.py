#!/usr/bin/env python3
"""Report of the soak scenario (scenarios/soak.sh).

  soak_report.py <title> <env file> <soak case dir> [--log <gateway log>]

The case dir holds: case (key=value), samples.csv (one row per sample; gc=1 rows were taken right after a forced
full GC, so their heap is the live set) and rate.out (RateLoad's INTERVAL, RATE and CPU lines).
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from overhead_report import line_kv  # noqa: E402  (same directory)
from report import kv_file, opt, print_log  # noqa: E402

MB = 1024 * 1024
WINDOW = 480  # the verdict looks at the last 8 minutes (after the first minutes of caches filling up)


def slope(points):
    """Least-squares slope (per second) of (t, v) points, or None with fewer than 3."""
    if len(points) < 3:
        return None
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mv = sum(v for _, v in points) / n
    den = sum((t - mt) ** 2 for t, _ in points)
    return sum((t - mt) * (v - mv) for t, v in points) / den if den else None


def mb(v):
    return f"{v / MB:.1f} MB"


def main():
    args = sys.argv[1:]
    gateway_log = opt(args, "--log")
    title, env_file, d = args[0], args[1], args[2]
    env = kv_file(env_file)
    case = kv_file(os.path.join(d, "case"))
    with open(os.path.join(d, "samples.csv")) as f:
        rows = [{k: float(v) if v not in ("", None) else 0.0 for k, v in r.items()} for r in csv.DictReader(f)]
    text = open(os.path.join(d, "rate.out")).read()
    r = line_kv(text, "RATE")
    cpu = line_kv(text, "CPU")
    intervals = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in text.splitlines()
                 if line.startswith("INTERVAL ")]
    p = print
    rate, secs = int(case["rate"]), int(case["duration"])

    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM, shared by the "
      f"load generator, Verigate, Redis and the nginx stub. Gateway JVM `{env.get('jvm', '')}`; Redis "
      f"{env.get('redis', '?')}. After the JIT warm-up, **{secs} s at {rate} signed starts/s** through Verigate "
      f"(open loop, `lib/RateLoad.java`, {case.get('connections', '?')} connections), every start to a new number "
      f"(all four Redis limit checks, the upstream call, two ownership records). Sampled every "
      f"{case.get('sample', '?')} s; one sample in {case.get('gc_every', '?')} first forces a full GC "
      "(`jcmd GC.run`), so that its heap figure is the live set — those collections are visible as latency spikes "
      "in their intervals.")
    p()
    st = {k[7:]: int(v) for k, v in r.items() if k.startswith("status_")}
    answered = int(r.get("answered", 0))
    ok = sum(v for k, v in st.items() if k.startswith("2"))
    p("## Load")
    p()
    p("| scheduled | answered | 2xx | non-2xx | I/O errors, timeouts, unsent | achieved/s | p50 | p99 | p99.9 | max |")
    p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    p(f"| {r.get('scheduled')} | {answered} | {ok} | {answered - ok} "
      f"| {int(r.get('err_io', 0)) + int(r.get('timeouts', 0)) + int(r.get('unsent', 0))} | {float(r.get('rps', 0)):.0f} "
      f"| {int(r['p50_us']) / 1000:.2f} ms | {int(r['p99_us']) / 1000:.2f} ms | {int(r['p999_us']) / 1000:.1f} ms "
      f"| {int(r['max_us']) / 1000:.1f} ms |")
    p()
    if cpu:
        p(f"CPU over the soak (cores): gateway {float(cpu.get('gateway', 0)):.2f}, Redis {float(cpu.get('redis', 0)):.2f}, "
          f"stub {float(cpu.get('stub', 0)):.2f}, generator {float(cpu.get('self', 0)):.2f}, other processes "
          f"{float(cpu.get('other', 0)):.2f}" + (" ⚠ (foreign load)" if float(cpu.get("other", 0)) > 0.15 else "") + ".")
        p()
    # The interval of each forced GC (samples at t s after the load started; RateLoad's clock starts ≈ 1 s later).
    forced = set()
    with open(os.path.join(d, "samples.csv")) as f:
        for x in csv.DictReader(f):
            if x["gc"] == "1" and 0 < float(x["t"]) < int(case["duration"]):
                forced.add(int((float(x["t"]) - 1) // float(case.get("sample", 10))) + 1)
    if intervals:
        quiet = sorted(int(x["p99_us"]) for x in intervals if int(x["n"]) not in forced and int(x["count"]) > 100)
        gc_iv = [x for x in intervals if int(x["n"]) in forced]
        if quiet:
            p(f"10-s intervals **without** a forced GC ({len(quiet)}): p99 median {quiet[len(quiet) // 2] / 1000:.1f} ms, "
              f"worst {quiet[-1] / 1000:.1f} ms; max of those intervals "
              f"{max(int(x['max_us']) for x in intervals if int(x['n']) not in forced) / 1000:.1f} ms. "
              + (f"Intervals **with** one ({len(gc_iv)}): worst p99 {max(int(x['p99_us']) for x in gc_iv) / 1000:.1f} ms, "
                 f"max {max(int(x['max_us']) for x in gc_iv) / 1000:.1f} ms (the forced full collection of the whole "
                 "heap, a measuring artefact, not traffic)." if gc_iv else ""))
            p()
        p("Per minute (from the 10-s intervals: the worst interval p50/p99 and the max of the minute; ‡ = the minute "
          "holds a forced full GC):")
        p()
        p("| minute | answered | non-2xx | I/O errors | worst 10-s p50 | worst 10-s p99 | max |")
        p("|---:|---:|---:|---:|---:|---:|---:|")
        per = max(1, int(round(60 / float(case.get("sample", 10)))))
        for i in range(0, len(intervals), per):
            chunk = intervals[i:i + per]
            cnt = sum(int(x["count"]) for x in chunk)
            non2 = sum(int(v) for x in chunk for k, v in x.items() if k.startswith("status_") and not k.startswith("status_2"))
            errs = sum(int(x["err_io"]) for x in chunk)
            mark = " ‡" if any(int(x["n"]) in forced for x in chunk) else ""
            p(f"| {i // per + 1}{mark} | {cnt} | {non2} | {errs} | {max(int(x['p50_us']) for x in chunk) / 1000:.2f} ms "
              f"| {max(int(x['p99_us']) for x in chunk) / 1000:.2f} ms | {max(int(x['max_us']) for x in chunk) / 1000:.1f} ms |")
        p()

    p("## Memory and resources")
    p()
    end_t = rows[-1]["t"]
    live = [x for x in rows if x["gc"] == 1]

    def stat_row(name, key, fmt, subset=None):
        pts = subset if subset is not None else rows
        if not pts:
            return
        vals = [x[key] for x in pts]
        s = slope([(x["t"], x[key]) for x in pts if x["t"] >= end_t - WINDOW])
        per_min = "—" if s is None else (fmt(s * 60) + "/min")
        p(f"| {name} | {fmt(vals[0])} | {fmt(vals[-1])} | {fmt(max(vals))} | {per_min} |")

    p(f"| measure | start | end | max | slope over the last {WINDOW // 60} min |")
    p("|---|---:|---:|---:|---:|")
    stat_row("heap used, after a forced full GC (live set)", "heap", mb, live)
    stat_row("heap used, any moment (incl. garbage)", "heap", mb)
    stat_row("RSS of the gateway JVM", "rss", mb)
    stat_row("JVM threads", "threads", lambda v: f"{v:.0f}" if abs(v) >= 1 or v == 0 else f"{v:.2f}")
    stat_row("open files", "fds", lambda v: f"{v:.0f}" if abs(v) >= 1 or v == 0 else f"{v:.2f}")
    stat_row("Redis used_memory", "redis_used", mb)
    stat_row("Redis keys", "redis_keys", lambda v: f"{v:,.0f}")
    stat_row("gateway log ERROR lines (cumulative)", "log_errors", lambda v: f"{v:.0f}" if abs(v) >= 1 or v == 0 else f"{v:.2f}")
    p()

    p("## Verdict")
    p()
    lw = [(x["t"], x["heap"]) for x in live if x["t"] >= end_t - WINDOW]
    s = slope(lw)
    if s is not None:
        mean = sum(v for _, v in lw) / len(lw)
        growth = s * WINDOW
        bound = max(0.05 * mean, 4 * MB)
        p(f"- **Live heap**: {len(lw)} post-GC samples in the last {WINDOW // 60} min, mean {mb(mean)}, slope "
          f"{s * 60 / MB:+.2f} MB/min → {growth / MB:+.1f} MB over the window: "
          + ("**growing** (more than 5% of the live set and 4 MB)." if growth > bound else
             "**shrinking** (by more than 5% of the live set and 4 MB)." if growth < -bound else
             "**stable** (within 5% of the live set or 4 MB)."))
    rw = [(x["t"], x["rss"]) for x in rows if x["t"] >= end_t - WINDOW]
    s = slope(rw)
    if s is not None:
        mean = sum(v for _, v in rw) / len(rw)
        growth = s * WINDOW
        stable = growth <= max(0.05 * mean, 16 * MB)
        p(f"- **RSS**: slope {s * 60 / MB:+.2f} MB/min → {growth / MB:+.1f} MB over the last {WINDOW // 60} min "
          f"(mean {mb(mean)}): " + ("**stable** (within 5% or 16 MB)." if stable else
                                    "**growing** (the heap is fixed at -Xms = -Xmx, so growth is native memory or "
                                    "heap pages touched for the first time; see the live heap above)."))
    first, last = rows[0], rows[-1]
    dk = last["redis_keys"] - first["redis_keys"]
    if dk > 0:
        p(f"- **Redis** grew by {dk:,.0f} keys and {mb(last['redis_used'] - first['redis_used'])} "
          f"({(last['redis_used'] - first['redis_used']) / dk:.0f} bytes per key, "
          f"{dk / max(1, ok):.2f} keys per successful start): ownership records live `verigate.ownership.ttl` (24 h) "
          "and per-number buckets and cooldowns as long as their windows (up to 24 h), so memory grows with distinct "
          "numbers until those TTLs expire. That is data, not a leak; but sizing follows from it: at this rate, "
          "with every start to a new number, Redis would hold about "
          f"{(last['redis_used'] - first['redis_used']) / max(1, ok) * rate * 86400 / 1024 ** 3:.1f} GiB "
          "(a day of starts) before expiry balances the writes.")
    p(f"- Errors: {answered - ok} non-2xx answers, "
      f"{int(r.get('err_io', 0)) + int(r.get('timeouts', 0)) + int(r.get('unsent', 0))} I/O errors/timeouts/unsent, "
      f"{last['log_errors'] - first['log_errors']:.0f} gateway ERROR log lines during the soak.")
    p()
    p("Samples (t in s; heap, RSS and Redis memory in MB; *gc* = taken right after a forced full GC):")
    p()
    p("| t | gc | heap | RSS | threads | open files | Redis used | Redis keys | log errors | GC pauses |")
    p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for x in rows:
        p(f"| {x['t']:.0f} | {'✓' if x['gc'] == 1 else ''} | {x['heap'] / MB:.1f} | {x['rss'] / MB:.1f} "
          f"| {x['threads']:.0f} | {x['fds']:.0f} | {x['redis_used'] / MB:.1f} | {x['redis_keys']:,.0f} "
          f"| {x['log_errors']:.0f} | {x['gc_pauses']:.0f} |")
    p()
    if gateway_log and os.path.exists(gateway_log):
        print_log(p, gateway_log, "the whole run (boot, JIT warm-up, soak)")


if __name__ == "__main__":
    main()
