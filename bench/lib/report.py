#!/usr/bin/env python3
"""Turns the harness's per-case files into the markdown report.

  report.py <title> <env file> <case dir>... [--burst <burst dir>]

Each case dir holds: case (key=value), wrk.out (wrk's text plus the replay.lua "BENCH" line),
redis.before/after (INFO commandstats, own_keys, dbsize), metrics.before/after (gateway counters).
See bench/README.md for what every column means.
"""
import json
import os
import re
import sys

HARNESS_COMMANDS = re.compile(r"^(info|scan|dbsize|monitor|config\|.*|client\|.*|command\|.*|command)$")
# Commands the gateway's limit scripts run inside EVAL (counted by INFO commandstats too, never sent).
SCRIPT_ONLY = {"hmget", "hset", "pexpire", "del"}


def kv_file(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                out[k] = v
    return out


def metrics(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = float(parts[1])
    return out


def redis_stats(path):
    calls, extra = {}, {}
    with open(path) as f:
        for line in f:
            m = re.match(r"cmdstat_([^:]+):calls=(\d+)", line)
            if m:
                calls[m.group(1)] = int(m.group(2))
            elif re.match(r"(own_keys|dbsize|(pre_)?total_net_input_bytes|(pre_)?total_net_output_bytes):\d+", line):
                k, v = line.strip().split(":")
                extra[k] = int(v)
    return calls, extra


def cpu_split(d, processes=("gateway", "redis", "nginx"), load="wrk"):
    """Cores used during a measured wrk run: each named process (cpu.py snapshots), the load generator (wrk's CPU
    from bash's time, reported under LOAD) and everything else."""
    try:
        a, b = metrics(os.path.join(d, "cpu.before")), metrics(os.path.join(d, "cpu.after"))
        with open(os.path.join(d, "wrk.out.cpu")) as f:
            user, system = (float(x) for x in f.read().split()[-2:])
    except (OSError, ValueError):
        return None
    wall_ticks = (b["all"] - a["all"]) / b["cores"]  # ticks of one core over the run
    if wall_ticks <= 0:
        return None
    out = {k: (b[k] - a[k]) / wall_ticks for k in processes}
    out[load] = (user + system) * b["clk_tck"] / wall_ticks
    out["busy"] = (b["busy"] - a["busy"]) / wall_ticks
    out["other"] = max(0.0, out["busy"] - sum(out[k] for k in (*processes, load)))
    out["cores"] = b["cores"]
    return out


def wrk_text(path):
    text = open(path).read()
    bench = dict(kv.split("=", 1) for kv in re.search(r"^BENCH (.*)$", text, re.M).group(1).split())
    out = {"bench": bench, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        out["p" + pct] = float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]
    return out


def ms(v):
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


def ratio(a, b, digits=2):
    return f"{a / b:.{digits}f}" if b else "n/a"


def analyse(d):
    case = kv_file(os.path.join(d, "case"))
    w = wrk_text(os.path.join(d, "wrk.out"))
    b = w["bench"]
    st = {int(k[7:]): int(v) for k, v in b.items() if k.startswith("status_")}
    c0, x0 = redis_stats(os.path.join(d, "redis.before"))
    c1, x1 = redis_stats(os.path.join(d, "redis.after"))
    m0, m1 = metrics(os.path.join(d, "metrics.before")), metrics(os.path.join(d, "metrics.after"))
    delta = {k: c1.get(k, 0) - c0.get(k, 0) for k in set(c0) | set(c1)}
    delta = {k: v for k, v in delta.items() if v and not HARNESS_COMMANDS.match(k)}
    dm = {k: m1.get(k, 0) - m0.get(k, 0) for k in m1}

    ok = sum(v for k, v in st.items() if 200 <= k < 300)
    limited = st.get(429, 0)
    other = sum(v for k, v in st.items() if not (200 <= k < 300 or k == 429))
    decisions = ok + limited
    evals = delta.get("eval", 0) + delta.get("evalsha", 0)
    cooldown_scripts = delta.get("hmget", 0)        # each cooldown acquire/release script runs one HMGET
    cas = evals - cooldown_scripts                  # the rest are compare-and-swap scripts (one GET each)
    own_records = x1.get("own_keys", 0) - x0.get("own_keys", 0)
    own_sets = 2 * own_records                      # Ownership.record: SET id key + SET latest key
    cas_swaps = delta.get("set", 0) - own_sets      # the other SETs ran inside a CAS script that swapped
    top_get = delta.get("get", 0) - cas
    network = evals + own_sets + max(top_get, 0) + sum(
        v for k, v in delta.items() if k not in SCRIPT_ONLY | {"eval", "evalsha", "get", "set"})
    app_starts = dm.get("app_start_decisions", 0)
    rejected_by = {k.split(":")[1]: v for k, v in dm.items() if k.startswith("rule:") and k.endswith(":rejected") and v}
    return {
        "name": case["case"], "conns": int(case["connections"]), "threads": case["threads"],
        "rps": w["rps"], "p50": w["p50"], "p99": w["p99"], "ok": ok, "limited": limited, "other": other,
        "statuses": st, "errors": {k[4:]: int(v) for k, v in b.items() if k.startswith("err_") and int(v)},
        "wraps": int(b.get("wraps", 0)), "cycle": int(case.get("cycle", 0)), "attempts": int(case.get("attempts", 1)),
        "decisions": decisions, "round_trips": dm.get("round_trips", 0), "limit_cmds": dm.get("limit_commands", 0),
        "fallbacks": dm.get("fallbacks", 0), "app_starts": app_starts, "rule_decisions": dm.get("rule_decisions", 0),
        "evals": evals, "cas": cas, "cooldown_scripts": cooldown_scripts, "cas_swaps": cas_swaps,
        "cas_failed": cas - cas_swaps, "own_records": own_records, "own_sets": own_sets, "top_get": top_get,
        "network": network, "delta": delta, "cpu": cpu_split(d), "rejected_by": rejected_by,
        # From the end of the "before" snapshot to the start of the "after" one: the run's traffic only.
        "bytes_in": x1.get("pre_total_net_input_bytes", 0) - x0.get("total_net_input_bytes", 0),
        "bytes_out": x1.get("pre_total_net_output_bytes", 0) - x0.get("total_net_output_bytes", 0),
    }


def burst_rows(d):
    rows = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".result"):
            continue
        r = kv_file(os.path.join(d, name))
        rows.append(r)
    return rows


def span(values, fmt="{:.0f}"):
    """min–max of a list of numbers, or the one value."""
    if not values:
        return "—"
    lo, hi = min(values), max(values)
    return fmt.format(lo) if lo == hi else fmt.format(lo) + "–" + fmt.format(hi)


def cold_tables(p, rows):
    """The cold-start bursts: one line per round, then one per (store, warm-up) setting."""
    if not rows:
        return
    p("Burst at cold start (issue step 7): two fresh replicas of the jar, and the moment both report ready, 100 "
      "signed starts for one number sent at once on 100 connections, alternating replicas; number limit 3/10m, no "
      "cooldown. *exact* = exactly 3 answered 200 and exactly 3 starts reached the upstream stub. *ready* = from "
      "spawning both to both ready (their warm-up rehearsals included). Latencies from send to the end of the "
      "answer, over the 100.")
    p()
    p("| round | store | warm-up rehearsals | ready | 200 | reached upstream | other statuses | expired / failed "
      "/ overloaded / fallbacks | p50 | p99 | max |")
    p("|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|")
    groups = {}
    for r in rows:
        statuses = {k[len("status_"):]: int(v) for k, v in r.items() if k.startswith("status_")}
        ok = statuses.get("200", 0)
        other = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()) if k != "200") or "none"
        store = r.get("store") or "redis"
        p(f"| {r['round']} | {store} | {r['rehearsals']} | {int(r['ready_ms']) / 1000:.1f} s | {ok} "
          f"| {r['upstream']} | {other} | {r['expired']} / {r['failed']} / {r['overloaded']} / {r['fallbacks']} "
          f"| {r['p50_ms']} ms | {r['p99_ms']} ms | {r['max_ms']} ms |")
        g = groups.setdefault((store, r["rehearsals"]), [])
        g.append((ok, int(r["upstream"]), int(r["ready_ms"]) / 1000, float(r["p99_ms"]), float(r["max_ms"]),
                  sum(v for k, v in statuses.items() if k not in ("200", "429"))))
    p()
    p("| store | warm-up rehearsals | rounds | exact rounds | 200s | ready | p99 | max | answers other than 200/429 |")
    p("|---|---:|---:|---:|---|---|---|---|---:|")
    for (store, rehearsals), g in sorted(groups.items()):
        exact = sum(1 for x in g if x[0] == 3 and x[1] == 3)
        p(f"| {store} | {rehearsals} | {len(g)} | {exact} | {span([x[0] for x in g])} "
          f"| {span([x[2] for x in g], '{:.1f}')} s | {span([x[3] for x in g])} ms | {span([x[4] for x in g])} ms "
          f"| {sum(x[5] for x in g)} |")
    p()


def cluster_table(p, d):
    """Distinct starts through a gateway on a three-master Redis Cluster, from the gateway's own counters."""
    before = metrics(os.path.join(d, "metrics.before"))
    after = metrics(os.path.join(d, "metrics.after"))
    wrk = wrk_text(os.path.join(d, "wrk.out"))
    statuses = {k[7:]: int(v) for k, v in wrk["bench"].items() if k.startswith("status_")}
    non2xx = sum(v for k, v in statuses.items() if not k.startswith("2"))
    decisions = after.get("app_start_decisions", 0) - before.get("app_start_decisions", 0)
    rt = after.get("round_trips", 0) - before.get("round_trips", 0)
    cmds = after.get("limit_commands", 0) - before.get("limit_commands", 0)
    p("Redis Cluster (three masters, no replicas; `quarkus.redis.client-type=cluster`): distinct starts, 16 "
      "connections, after a JIT warm-up. A start's keys sit on three hash slots (the app's, the country's and the "
      "number's, whose bucket and cooldown share one), and a pipelined batch must stay on one node, so a "
      "decision's four commands leave in one batch per slot, concurrently.")
    p()
    p("| store | req/s | p99 | decisions | Redis writes / decision | limit cmds / decision | non-2xx |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    p(f"| cluster | {wrk['rps']:.0f} | {ms(wrk['p99'])} | {decisions:.0f} | {ratio(rt, decisions)} "
      f"| {ratio(cmds, decisions)} | {non2xx} |")
    p()


def log_groups(path):
    """ERROR and WARN lines of a gateway log by level, logger and message (ids and numbers blanked), most frequent
    first. Reads both the prod profile's JSON lines and the text format; a missing log has none."""
    groups = {}
    if not path or not os.path.exists(path):
        return []
    text_re = re.compile(r"^(?:\S+ )?\S+ (ERROR|WARN)\s+\[([^\]]+)\] \([^)]*\) (.*)$")
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("{"):
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                level, logger, msg = e.get("level"), e.get("loggerName", "?"), e.get("message", "")
                if isinstance(e.get("exception"), dict):
                    msg += " — " + str(e["exception"].get("exceptionType", ""))
            else:
                m = text_re.match(line.rstrip("\n"))
                if not m:
                    continue
                level, logger, msg = m.groups()
            if level not in ("ERROR", "WARN"):
                continue
            msg = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-\d+)?", "<id>", msg)
            msg = re.sub(r"\b[0-9a-f]{16,}\b", "<id>", msg)
            msg = re.sub(r"\d{2,}", "N", msg)[:160]
            key = (level, logger, msg)
            groups[key] = groups.get(key, 0) + 1
    return sorted(groups.items(), key=lambda kv: -kv[1])


def print_log(p, path, what):
    """The ten most frequent ERROR/WARN messages of a gateway log as a markdown table."""
    groups = log_groups(path)
    p(f"Gateway log over {what}: " + ("no ERROR or WARN line." if not groups else "ERROR/WARN lines by message:"))
    p()
    if groups:
        p("| count | level | logger | message (ids and numbers blanked) |")
        p("|---:|---|---|---|")
        for (level, logger, msg), n in groups[:10]:
            p(f"| {n} | {level} | `{logger}` | {msg.replace('|', '/')} |")
        p()


def opt(args, name):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return None


def main():
    args = sys.argv[1:]
    if args[:1] == ["--other-cores"]:  # used by lib/wrk.sh: foreign load during one measured run
        split = cpu_split(args[1])
        print("%.2f" % (split["other"] if split else 0.0))
        return
    burst = opt(args, "--burst")
    cold = opt(args, "--cold")
    cluster = opt(args, "--cluster")
    gateway_log = opt(args, "--log")
    title, env_file, dirs = args[0], args[1], args[2:]
    env = kv_file(env_file)
    cases = [analyse(d) for d in dirs]
    p = print

    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM. "
      f"**wrk, the gateway, Redis and the nginx stub all share these {env.get('cores', '?')} cores**, so the "
      "throughput is a floor for this box, not a capacity figure for the gateway alone.")
    p(f"Software: {env.get('java', '?')}; JVM flags `{env.get('jvm', '')}`; Redis {env.get('redis', '?')}; "
      f"nginx {env.get('nginx', '?')} (stub upstream, 1 worker); {env.get('wrk', '?')}.")
    if cases:
        p(f"After boot, {env.get('jit_warmup', '?')} of unmeasured distinct starts (JIT warm-up). "
          f"Each row: {env.get('warmup', '?')} s warm-up on numbers never reused, then {env.get('duration', '?')} s "
          f"measured, wrk with {env.get('threads', '?')} threads, inbound auth = Sinch Application-signed requests "
          "(HMAC-SHA256), one bench app with start limit 1000000/1s, country limit 1000000/1s, default number limits "
          "(3/10m,10/24h) and cooldown (30 s, ×2, max 10 m).")
        p()
        p("| scenario | conns | req/s | p50 | p99 | 2xx | 429 | other | Redis writes / decision "
          "| limit cmds / decision | ownership SETs / 2xx | all Redis cmds / decision | fallbacks |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c in cases:
            n = c["decisions"]
            p(f"| {c['name']} | {c['conns']} | {c['rps']:.0f} | {ms(c['p50'])} | {ms(c['p99'])} | {c['ok']} "
              f"| {c['limited']} | {c['other']} | {ratio(c['round_trips'], n)} | {ratio(c['evals'], n)} "
              f"| {ratio(c['own_sets'], c['ok'])} | {ratio(c['network'], n)} | {c['fallbacks']:.0f} |")
        p()
        p("A decision = one start answered 200 or 429 (each runs 4 checks: app, country, number bucket, cooldown). "
          "*Redis writes* = Δ`verigate_redis_round_trips_total`: the pipelined writes of the request path (a start's "
              "limit checks in one, its ownership SETs in the next; concurrent requests on an event loop share them). "
          "*Limit cmds* = Δ EVAL calls in `INFO commandstats` (every limit operation is one Lua script). "
          "*Ownership SETs* = the two plain SETs (`vg:own:{id}`, `vg:latest:…`) each 2xx writes, together in one "
          "write after the upstream answered. *All Redis cmds* = every command a client sent (EVAL + ownership SETs + anything "
          "else), i.e. commandstats minus what ran inside scripts and minus the harness's own INFO/SCAN.")
        p()
        p("Details (per measured run; Redis figures from `INFO commandstats` deltas):")
        p()
        p("| scenario | conns | decisions (wrk) | app-start decisions (gateway) | gateway limit cmds | EVAL "
          "| CAS scripts | CAS not swapped | cooldown scripts | hot-key CAS / decision | Δ vg:own records "
          "| rejections by rule (gateway) | raw commandstats calls / decision | Redis bytes in / out per decision "
          "| wrk errors, wraps |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|")
        for c in cases:
            n = c["decisions"]
            raw = ", ".join(f"{k} {v / n:.2f}" for k, v in sorted(c["delta"].items(), key=lambda kv: -kv[1])) if n else ""
            # With fresh numbers and no rejection, every decision runs exactly one CAS on its own number key; the
            # rest of the CAS scripts hit the shared app and country keys.
            hot = ratio(c["cas"] - c["app_starts"], c["app_starts"]) if c["limited"] == 0 and c["cycle"] == 0 else "—"
            errs = ", ".join(f"{k} {v}" for k, v in c["errors"].items() if k != "status") or "none"
            # Only distinct-number runs must not wrap (a wrapped file repeats numbers); repeated runs cycle anyway.
            wraps = f"; requests file wrapped {c['wraps']}× (numbers repeated!)" if c["wraps"] and not c["cycle"] else ""
            rej = ", ".join(f"{k} {v:.0f}" for k, v in sorted(c["rejected_by"].items(), key=lambda kv: -kv[1])) or "none"
            p(f"| {c['name']} | {c['conns']} | {n} | {c['app_starts']:.0f} | {c['limit_cmds']:.0f} | {c['evals']} "
              f"| {c['cas']} | {c['cas_failed']} | {c['cooldown_scripts']} | {hot} | {c['own_records']} | {rej} | {raw} "
              f"| {ratio(c['bytes_in'], n, 0)} / {ratio(c['bytes_out'], n, 0)} | {errs}{wraps} |")
        p()
        p("Where the CPU went during each measured run (cores, of %s; from /proc: the gateway JVM, redis-server, "
          "nginx master + worker, wrk, and *other* = every other process on the machine):" % env.get("cores", "?"))
        p()
        p("| scenario | conns | gateway | redis | nginx | wrk | other | idle | gateway CPU per request | attempts |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        noisy = False
        for c in cases:
            u = c["cpu"]
            if not u:
                p(f"| {c['name']} | {c['conns']} | n/a | | | | | | | |")
                continue
            noisy |= u["other"] > 0.15
            per_req = u["gateway"] / c["rps"] * 1000 if c["rps"] else 0
            flag = " ⚠" if u["other"] > 0.15 else ""
            p(f"| {c['name']} | {c['conns']} | {u['gateway']:.2f} | {u['redis']:.2f} | {u['nginx']:.2f} "
              f"| {u['wrk']:.2f} | {u['other']:.2f}{flag} | {max(0.0, u['cores'] - u['busy']):.2f} | {per_req:.2f} ms "
              f"| {c['attempts']} |")
        p()
        if noisy:
            p("⚠ = more than 0.15 cores went to processes outside the benchmark during that run (even after the "
              "retries counted in *attempts*): its figures are depressed by foreign load; re-run on a quiet machine "
              "before comparing.")
            p()
    if burst:
        rows = burst_rows(burst)
        if rows:
            p("Hot-key burst (retry-storm check): N signed starts with distinct numbers sent at the same instant "
              "on N connections (one app bucket, one country bucket); `MONITOR` counts the EVALs per key.")
            p()
            p("| burst | requests | statuses | CAS EVALs on the app key | CAS EVALs on the country key "
              "| all EVALs | Redis writes | target |")
            p("|---|---:|---|---:|---:|---:|---:|---|")
            for r in rows:
                target = "< 10: ok" if int(r["app_evals"]) < 10 else "< 10: **missed**"
                p(f"| {r['burst']} | {r['n']} | {r['statuses']} | {r['app_evals']} | {r['country_evals']} "
                  f"| {r['evals']} | {r['round_trips']} | {target} |")
            p()
    if cold:
        cold_tables(p, burst_rows(cold))
    if cluster:
        cluster_table(p, cluster)
    if gateway_log:
        print_log(p, gateway_log, "the whole run (boot, warm-ups, measured runs, bursts)")
    p("Targets (issue, step 2): ≤ 1.5 limit round trips per start decision for distinct numbers (the limit checks of "
      "a start leave in one write: 1.0 one at a time, less under load); a hot app "
      "bucket must not cause a retry storm (100 concurrent requests < 10 CAS attempts on that bucket).")


if __name__ == "__main__":
    main()
