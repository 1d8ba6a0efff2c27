#!/usr/bin/env python3
"""Every markdown report of the harness, one subcommand per scenario, and the helpers they share.

  reports.py limits <title> <env> <case dir>... [--log L] [--burst D] [--cold D] [--cluster D]
                                                      run.sh's default report (scenarios limits, breaker)
  reports.py other-cores <case dir> [process...]      foreign load (cores) during one measured wrk run
                                                      (processes: default gateway redis nginx)
  reports.py overhead <title> <env> <case dir>... [--log L]
  reports.py soak <title> <env> <soak case dir> [--log L]
  reports.py faults <title> <env> <case dir>...
  reports.py profile <title> <env> <profile dir> <results prefix>
  reports.py startup <title> <env> <builds.tsv> <results.jsonl> <quiet-cores threshold>
  reports.py warmup <title> <env> <results.jsonl> <connections>
  reports.py ramp-run <variant> <run> <t_spawn> <t_open> <wrk output>
                                                      one JSON line of the warm-up scenario's results.jsonl
  reports.py native <title> <env> <work dir>
  reports.py dashboard <title> <env> <work dir> <png name> <scrape interval> <seconds> <rate interval>
  reports.py pumping <title> <env> <case dir>...

<env> is run.sh's key=value file (date, commit, command, machine, software). What each scenario leaves in its
temp dir, and what every column means, is in bench/README.md and in each section below.
"""
import csv
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

# ---------------------------------------------------------------------------------------------------------------
# Shared helpers: input files, CPU split, formatting, markdown, gateway-log summaries
# ---------------------------------------------------------------------------------------------------------------

HARNESS_COMMANDS = re.compile(r"^(info|scan|dbsize|monitor|config\|.*|client\|.*|command\|.*|command)$")
# Commands the gateway's limit scripts run inside EVAL (counted by INFO commandstats too, never sent).
SCRIPT_ONLY = {"hmget", "hset", "pexpire", "del"}
QUIET = 0.15  # cores of foreign load above which a measured run is flagged ⚠
MB = 1024 * 1024


def kv_file(path):
    """A key=value file (run.sh's env, a case's "case", a burst or cold-round result)."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                out[k] = v
    return out


def metrics(path):
    """A "name value" file (gateway_metrics, cpu.py snapshots)."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = float(parts[1])
    return out


def tsv(path):
    """A tab-separated file with a header line, as dicts; none when missing."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def jsonl(path):
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def line_kv(text, tag):
    """The key=value pairs of the first line starting with TAG (RateLoad's RATE/CPU, replay.lua's BENCH)."""
    m = re.search(r"^%s (.*)$" % tag, text, re.M)
    return dict(kv.split("=", 1) for kv in m.group(1).split()) if m else {}


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
    """wrk's output with replay.lua's BENCH line: the BENCH pairs, req/s, p50 and p99 in ms."""
    text = open(path).read()
    bench = dict(kv.split("=", 1) for kv in re.search(r"^BENCH (.*)$", text, re.M).group(1).split())
    out = {"bench": bench, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        out["p" + pct] = float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]
    return out


def ms(v):
    """A duration given in ms."""
    if v is None:
        return "—"
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


def ms_of_s(v):
    """A duration given in seconds, shown in ms."""
    if v is None:
        return "—"
    v *= 1000
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def mb(v):
    return f"{v / MB:.1f} MB"


def ratio(a, b, digits=2):
    return f"{a / b:.{digits}f}" if b else "n/a"


def span(values, fmt="{:.0f}"):
    """min–max of a list of numbers (None left out), or the one value; FMT a format string or a function."""
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    f = fmt.format if isinstance(fmt, str) else fmt
    lo, hi = min(values), max(values)
    return f(lo) if lo == hi else f"{f(lo)}–{f(hi)}"


def md_head(p, *columns):
    """A markdown table's header and separator; a column named "x:" is right-aligned."""
    p("| " + " | ".join(c[:-1] if c.endswith(":") else c for c in columns) + " |")
    p("|" + "|".join("---:" if c.endswith(":") else "---" for c in columns) + "|")


def header(p, title, env):
    """Every report's first lines: the title, then when, which commit and which command."""
    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()


def opt(args, name):
    """Removes "NAME value" from ARGS and returns the value (None when absent)."""
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return None


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
        md_head(p, "count:", "level", "logger", "message (ids and numbers blanked)")
        for (level, logger, msg), n in groups[:10]:
            p(f"| {n} | {level} | `{logger}` | {msg.replace('|', '/')} |")
        p()


def other_cores(args):
    """Foreign load during one measured wrk run (lib/wrk.sh, scenarios/overhead.sh: the retry decision)."""
    d, processes = args[0], tuple(args[1:]) or ("gateway", "redis", "nginx")
    split = cpu_split(d, processes, "load")
    print("%.2f" % (split["other"] if split else 0.0))


# ---------------------------------------------------------------------------------------------------------------
# limits (and breaker): run.sh's default report
#
# Each case dir holds: case (key=value), wrk.out (wrk's text plus the replay.lua "BENCH" line), redis.before/after
# (INFO commandstats, own_keys, dbsize), metrics.before/after (gateway counters), cpu.before/after. Burst and cold
# dirs hold one NAME.result (key=value) per burst or round; the cluster dir wrk.out and metrics.before/after.
# ---------------------------------------------------------------------------------------------------------------

def limits_case(d):
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


def result_rows(d):
    """The NAME.result files of a burst or cold dir, by name."""
    return [kv_file(os.path.join(d, name)) for name in sorted(os.listdir(d)) if name.endswith(".result")]


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
    md_head(p, "round", "store", "warm-up rehearsals:", "ready:", "200:", "reached upstream:", "other statuses",
            "expired / failed / overloaded / fallbacks", "p50:", "p99:", "max:")
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
    md_head(p, "store", "warm-up rehearsals:", "rounds:", "exact rounds:", "200s", "ready", "p99", "max",
            "answers other than 200/429:")
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
    md_head(p, "store", "req/s:", "p99:", "decisions:", "Redis writes / decision:", "limit cmds / decision:",
            "non-2xx:")
    p(f"| cluster | {wrk['rps']:.0f} | {ms(wrk['p99'])} | {decisions:.0f} | {ratio(rt, decisions)} "
      f"| {ratio(cmds, decisions)} | {non2xx} |")
    p()


def limits_report(args):
    burst = opt(args, "--burst")
    cold = opt(args, "--cold")
    cluster = opt(args, "--cluster")
    gateway_log = opt(args, "--log")
    title, env_file, dirs = args[0], args[1], args[2:]
    env = kv_file(env_file)
    cases = [limits_case(d) for d in dirs]
    p = print

    header(p, title, env)
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
        md_head(p, "scenario", "conns:", "req/s:", "p50:", "p99:", "2xx:", "429:", "other:",
                "Redis writes / decision:", "limit cmds / decision:", "ownership SETs / 2xx:",
                "all Redis cmds / decision:", "fallbacks:")
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
        md_head(p, "scenario", "conns:", "decisions (wrk):", "app-start decisions (gateway):", "gateway limit cmds:",
                "EVAL:", "CAS scripts:", "CAS not swapped:", "cooldown scripts:", "hot-key CAS / decision:",
                "Δ vg:own records:", "rejections by rule (gateway)", "raw commandstats calls / decision",
                "Redis bytes in / out per decision:", "wrk errors, wraps")
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
        md_head(p, "scenario", "conns:", "gateway:", "redis:", "nginx:", "wrk:", "other:", "idle:",
                "gateway CPU per request:", "attempts:")
        noisy = False
        for c in cases:
            u = c["cpu"]
            if not u:
                p(f"| {c['name']} | {c['conns']} | n/a | | | | | | | |")
                continue
            noisy |= u["other"] > QUIET
            per_req = u["gateway"] / c["rps"] * 1000 if c["rps"] else 0
            flag = " ⚠" if u["other"] > QUIET else ""
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
        rows = result_rows(burst)
        if rows:
            p("Hot-key burst (retry-storm check): N signed starts with distinct numbers sent at the same instant "
              "on N connections (one app bucket, one country bucket); `MONITOR` counts the EVALs per key.")
            p()
            md_head(p, "burst", "requests:", "statuses", "CAS EVALs on the app key:", "CAS EVALs on the country key:",
                    "all EVALs:", "Redis writes:", "target")
            for r in rows:
                target = "< 10: ok" if int(r["app_evals"]) < 10 else "< 10: **missed**"
                p(f"| {r['burst']} | {r['n']} | {r['statuses']} | {r['app_evals']} | {r['country_evals']} "
                  f"| {r['evals']} | {r['round_trips']} | {target} |")
            p()
    if cold:
        cold_tables(p, result_rows(cold))
    if cluster:
        cluster_table(p, cluster)
    if gateway_log:
        print_log(p, gateway_log, "the whole run (boot, warm-ups, measured runs, bursts)")
    p("Targets (issue, step 2): ≤ 1.5 limit round trips per start decision for distinct numbers (the limit checks of "
      "a start leave in one write: 1.0 one at a time, less under load); a hot app "
      "bucket must not cause a retry storm (100 concurrent requests < 10 CAS attempts on that bucket).")


# ---------------------------------------------------------------------------------------------------------------
# overhead (scenarios/overhead.sh)
#
# Case dirs: "case" (key=value: kind=rate|max, target, ...); rate cases hold rate.out (RateLoad's RATE and CPU
# lines) and the gateway's /q/metrics before/after; max cases hold wrk.out (+ .cpu) and cpu.before/after.
# ---------------------------------------------------------------------------------------------------------------

TARGETS = ("direct", "proxy", "verigate")
LABEL = {"direct": "direct to the stub", "proxy": "nginx proxy", "verigate": "Verigate"}
OVERHEAD_PROCESSES = ("gateway", "redis", "stub", "proxy")


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
    w = wrk_text(os.path.join(d, "wrk.out"))
    b = w["bench"]
    st = {int(k[7:]): int(v) for k, v in b.items() if k.startswith("status_")}
    errors = sum(int(v) for k, v in b.items() if k.startswith("err_") and k != "err_status")
    return {
        "kind": "max", "target": case["target"], "conns": int(case["connections"]),
        "attempts": int(case.get("attempts", 1)), "rps": w["rps"],
        "p50": w["p50"], "p99": w["p99"], "ok": sum(v for k, v in st.items() if 200 <= k < 300),
        "non2xx": sum(v for k, v in st.items() if not 200 <= k < 300), "errors": errors,
        "wraps": int(b.get("wraps", 0)), "cpu": cpu_split(d, OVERHEAD_PROCESSES, "self") or {},
    }


def added(v, base):
    if base is None:
        return "—"
    d = v - base
    return f"{'+' if d >= 0 else '−'}{abs(d):.2f} ms" if abs(d) < 10 else f"{'+' if d >= 0 else '−'}{abs(d):.1f} ms"


def flag(c):
    return " ⚠" if c["cpu"].get("other", 0) > QUIET else ""


def overhead_report(args):
    gateway_log = opt(args, "--log")
    title, env_file, dirs = args[0], args[1], args[2:]
    env = kv_file(env_file)
    cases = [rate_case(d) if kv_file(os.path.join(d, "case"))["kind"] == "rate" else max_case(d) for d in dirs]
    rates = [c for c in cases if c["kind"] == "rate"]
    maxes = [c for c in cases if c["kind"] == "max"]
    p = print
    cores = env.get("cores", "?")

    header(p, title, env)
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
        md_head(p, "rate/s:", "target", "achieved/s:", "p50:", "p90:", "p99:", "p99.9:", "max:", "added p50:",
                "added p99:", "added p99.9:", "non-2xx, errors")
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
        md_head(p, "rate/s:", "target", "gateway:", "redis:", "stub:", "proxy:", "generator:", "other:",
                "gateway CPU / start:", "server mean:", "upstream mean:", "gateway RSS after:", "send lag p50 / p99:",
                "attempts:")
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
        md_head(p, "conns:", "target", "req/s:", "p50:", "p99:", "2xx:", "non-2xx, errors", "gateway:", "redis:",
                "stub:", "proxy:", "wrk:", "other:")
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


# ---------------------------------------------------------------------------------------------------------------
# soak (scenarios/soak.sh)
#
# The case dir holds: case (key=value), samples.csv (one row per sample; gc=1 rows were taken right after a forced
# full GC, so their heap is the live set) and rate.out (RateLoad's INTERVAL, RATE and CPU lines).
# ---------------------------------------------------------------------------------------------------------------

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


def soak_report(args):
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

    header(p, title, env)
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
    md_head(p, "scheduled:", "answered:", "2xx:", "non-2xx:", "I/O errors, timeouts, unsent:", "achieved/s:", "p50:",
            "p99:", "p99.9:", "max:")
    p(f"| {r.get('scheduled')} | {answered} | {ok} | {answered - ok} "
      f"| {int(r.get('err_io', 0)) + int(r.get('timeouts', 0)) + int(r.get('unsent', 0))} | {float(r.get('rps', 0)):.0f} "
      f"| {int(r['p50_us']) / 1000:.2f} ms | {int(r['p99_us']) / 1000:.2f} ms | {int(r['p999_us']) / 1000:.1f} ms "
      f"| {int(r['max_us']) / 1000:.1f} ms |")
    p()
    if cpu:
        p(f"CPU over the soak (cores): gateway {float(cpu.get('gateway', 0)):.2f}, Redis {float(cpu.get('redis', 0)):.2f}, "
          f"stub {float(cpu.get('stub', 0)):.2f}, generator {float(cpu.get('self', 0)):.2f}, other processes "
          f"{float(cpu.get('other', 0)):.2f}" + (" ⚠ (foreign load)" if float(cpu.get("other", 0)) > QUIET else "") + ".")
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
        md_head(p, "minute:", "answered:", "non-2xx:", "I/O errors:", "worst 10-s p50:", "worst 10-s p99:", "max:")
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

    def count(v):
        return f"{v:.0f}" if abs(v) >= 1 or v == 0 else f"{v:.2f}"

    md_head(p, "measure", "start:", "end:", "max:", f"slope over the last {WINDOW // 60} min:")
    stat_row("heap used, after a forced full GC (live set)", "heap", mb, live)
    stat_row("heap used, any moment (incl. garbage)", "heap", mb)
    stat_row("RSS of the gateway JVM", "rss", mb)
    stat_row("JVM threads", "threads", count)
    stat_row("open files", "fds", count)
    stat_row("Redis used_memory", "redis_used", mb)
    stat_row("Redis keys", "redis_keys", lambda v: f"{v:,.0f}")
    stat_row("gateway log ERROR lines (cumulative)", "log_errors", count)
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
    md_head(p, "t:", "gc:", "heap:", "RSS:", "threads:", "open files:", "Redis used:", "Redis keys:", "log errors:",
            "GC pauses:")
    for x in rows:
        p(f"| {x['t']:.0f} | {'✓' if x['gc'] == 1 else ''} | {x['heap'] / MB:.1f} | {x['rss'] / MB:.1f} "
          f"| {x['threads']:.0f} | {x['fds']:.0f} | {x['redis_used'] / MB:.1f} | {x['redis_keys']:,.0f} "
          f"| {x['log_errors']:.0f} | {x['gc_pauses']:.0f} |")
    p()
    if gateway_log and os.path.exists(gateway_log):
        print_log(p, gateway_log, "the whole run (boot, JIT warm-up, soak)")


# ---------------------------------------------------------------------------------------------------------------
# faults (scenarios/faults.sh)
#
# Each case dir holds: case (key=value), events.tsv (instant, what the scenario did), requests.tsv (one line per
# start, from lib/faultload.py), and per kind: samples.tsv (gateway counters and Redis DBSIZE every 100 ms),
# retry.tsv and inbox.tsv (upstream case), owned (redis case), redis.before/after (replicas case).
# ---------------------------------------------------------------------------------------------------------------

def events(d):
    out = []
    if os.path.exists(os.path.join(d, "events.tsv")):
        with open(os.path.join(d, "events.tsv")) as f:
            for line in f:
                t, what = line.rstrip("\n").split("\t", 1)
                out.append((float(t), what))
    return out


def requests(d, name="requests.tsv"):
    rows = tsv(os.path.join(d, name))
    for r in rows:
        for k in ("scheduled", "sent", "done"):
            r[k] = float(r[k])
        r["status"] = int(r["status"])
        r["latency"] = r["done"] - r["scheduled"]
    return rows


def pct(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


def latency_cells(rows):
    lat = [r["latency"] for r in rows]
    return f"{ms_of_s(pct(lat, 0.5))} | {ms_of_s(pct(lat, 0.99))} | {ms_of_s(max(lat) if lat else None)}"


def kind_of(r):
    """What an answer was, in words: 200, 200 recovered, 503 by cause, 429 by code, …"""
    s, m = r["status"], r.get("message", "")
    if s == 200:
        return "200 recovered" if r.get("recovered") == "true" else "200"
    if s == 503:
        cause = ("breaker open" if "paused" in m else "bulkhead full" if "in flight" in m
                 else "outcome unknown" if "Idempotency-Key" in m or "unknown" in m.lower()
                 else "limits store down" if "Rate limits" in m else m[:40])
        return f"503/{r.get('errorCode', '')} {cause}"
    if s == 429:
        return f"429/{r.get('errorCode', '')}"
    if s == 0:
        return f"no answer ({m})"
    return f"{s}/{r.get('errorCode', '')} {m[:40]}"


def statuses(rows):
    c = Counter(kind_of(r) for r in rows)
    return ", ".join(f"{k}: {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1])) or "—"


def bad_5xx(rows):
    """5xx other than the designed 503/50300, and answers that never came."""
    return sum(1 for r in rows if (r["status"] >= 500 and not (r["status"] == 503 and r["errorCode"] == "50300"))
               or r["status"] == 0)


def no_retry_after(rows):
    """503 and 429 answers without a Retry-After header (the API promises one on every such answer)."""
    return sum(1 for r in rows if r["status"] in (429, 503) and not r["retryAfter"])


def samples(d):
    out = []
    for s in tsv(os.path.join(d, "samples.tsv")):
        out.append((float(s["t"]), s["source"], s["name"], float(s["value"])))
    return out


def series(smp, name, source="gw0"):
    return [(t, v) for t, src, n, v in smp if n == name and src == source and v >= 0]


def redis_case(d, case):
    rows, ev, smp = requests(d), events(d), samples(d)
    t_kill = next(t for t, w in ev if w == "redis killed")
    t_back = next(t for t, w in ev if w == "redis back")
    before = [r for r in rows if r["sent"] < t_kill]
    outage = [r for r in rows if t_kill <= r["sent"] < t_back]
    after = [r for r in rows if r["sent"] >= t_back]
    fb = series(smp, "fallbacks")
    fb_before = [v for t, v in fb if t < t_kill]
    fallbacks_before = (fb_before[-1] - fb_before[0]) if len(fb_before) > 1 else 0
    fallbacks_total = (fb[-1][1] - fb[0][1]) if fb else 0
    if case["mode"] == "fail-closed":
        first_ok = min((r["done"] for r in after if r["status"] == 200), default=None)
        recovery = (first_ok - t_back) if first_ok else None
        last_refused = max((r["done"] for r in after if r["status"] == 503), default=None)
        promise_ok = sum(1 for r in outage if r["status"] == 503 and r["errorCode"] == "50300" and r["retryAfter"])
        how = "first 200 after Redis answered PING again"
    else:
        # Limits back on Redis: the last instant the fallback counter still grew (100 ms sampling).
        grew = [t for (t, v), (_, prev) in zip(fb[1:], fb[:-1]) if v > prev and t >= t_back]
        recovery = (max(grew) - t_back) if grew else 0.0
        last_refused = None
        promise_ok = sum(1 for r in outage if r["status"] == 200)
        how = "last growth of `verigate_limits_store_fallbacks_total` after Redis answered PING again (100 ms samples)"
    keyed = requests(os.path.join(d, "keyed")) if os.path.isdir(os.path.join(d, "keyed")) else []
    keyed_outage = [r for r in keyed if t_kill <= r["sent"] < t_back]
    keys_back = min((t for t, v in series(smp, "dbsize", "redis") if t >= t_back and v > 0), default=None)
    owned = tsv(os.path.join(d, "owned")) if os.path.exists(os.path.join(d, "owned")) else []
    during = [o for o in owned if t_kill <= float(o["sent"]) < t_back]
    before_kill = [o for o in owned if float(o["sent"]) < t_kill]
    return {
        "started_during": len(during), "unreachable_during": sum(1 for o in during if o["recorded"] == "0"),
        "started_before": len(before_kill), "lost_before": sum(1 for o in before_kill if o["recorded"] == "0"),
        "owned_checked": bool(owned),
        "mode": case["mode"], "rate": case["rate"], "down_s": t_back - t_kill, "rows": rows, "before": before,
        "outage": outage, "after": after, "recovery": recovery, "how": how, "promise_ok": promise_ok,
        "bad": bad_5xx(rows), "s500": sum(1 for r in rows if r["status"] == 500), "last_refused": last_refused,
        "t_back": t_back, "keys_back": (keys_back - t_back) if keys_back else None,
        "fallbacks_before": fallbacks_before, "fallbacks_total": fallbacks_total,
        "keyed": keyed, "keyed_outage": keyed_outage, "no_ra": no_retry_after(rows + keyed),
        "keyed_bad": bad_5xx(keyed), "keyed_500": sum(1 for r in keyed if r["status"] == 500),
    }


def upstream_case(d, case):
    rows, ev, smp = requests(d), events(d), samples(d)
    retry_rows = requests(d, "retry.tsv")
    inbox = {r["number"]: int(r["delivered"]) for r in tsv(os.path.join(d, "inbox.tsv"))}
    proxy_ev = [(t, w[len("proxy "):]) for t, w in ev if w.startswith("proxy ")]
    end = max(r["done"] for r in rows) + 1
    opened = series(smp, "breaker_opened")
    phases = []
    for i, (t, mode) in enumerate(proxy_ev):
        t_end = proxy_ev[i + 1][0] if i + 1 < len(proxy_ev) else end
        pr = [r for r in rows if t <= r["sent"] < t_end]
        first_open = min((tt for (tt, v), (_, prev) in zip(opened[1:], opened[:-1])
                          if v > prev and t <= tt < t_end), default=None)
        first_fast = min((r["done"] for r in pr if "paused" in r["message"]), default=None)
        sends = sum(inbox.get(r["number"], 0) for r in pr)
        ok = sum(1 for r in pr if r["status"] == 200)
        phases.append({"mode": mode, "t": t, "rows": pr, "sends": sends, "ok": ok,
                       "opened": (first_open - t) if first_open else None,
                       "first_fast": (first_fast - t) if first_fast else None})
    ok_first = {r["number"] for r in rows if r["status"] == 200}
    ok_retry = {r["number"] for r in retry_rows if r["status"] == 200}
    ok_all = ok_first | ok_retry
    numbers = {r["number"] for r in rows}
    delivered = sum(inbox.values())
    dup = [n for n, c in inbox.items() if c > 1]
    lost = [n for n in ok_all if inbox.get(n, 0) == 0]
    unanswered = [n for n in numbers if inbox.get(n, 0) >= 1 and n not in ok_all]
    return {
        "rate": case["rate"], "phases": phases, "rows": rows, "retry": retry_rows, "numbers": len(numbers),
        "ok_first": len(ok_first), "ok_retry": len(ok_retry - ok_first), "ok_all": len(ok_all),
        "delivered": delivered, "dup": dup, "lost": lost, "unanswered": unanswered,
        "unknown_inbox": sum(1 for v in inbox.values() if v < 0), "bad": bad_5xx(rows) + bad_5xx(retry_rows),
        "s500": sum(1 for r in rows + retry_rows if r["status"] == 500),
        "still_503": len({r["number"] for r in retry_rows if r["status"] in (503, 0)} - ok_retry),
    }


def replicas_case(d, case):
    rows = requests(d)
    limit, period = int(case["limit"]), float(case["period_s"])
    run_span = (max(r["done"] for r in rows) - min(r["sent"] for r in rows)) if rows else 0
    refill = int(limit * run_span / period)  # whole tokens a greedy refill could add during the run (0 here)
    ok = [r for r in rows if r["status"] == 200]
    if case["limit_kind"] == "number":
        per_number = Counter(r["number"] for r in ok)
        allowed_each = limit + refill
        distribution = Counter(per_number.get(n, 0) for n in {r["number"] for r in rows})
        expected = allowed_each * int(case["numbers"])
        exact = all(per_number.get(n, 0) == allowed_each for n in {r["number"] for r in rows})
    else:
        distribution = None
        expected = limit + refill
        exact = len(ok) == expected
    smp = samples(d)
    fallbacks = 0
    for src in ("gw0", "gw1"):
        fb = series(smp, "fallbacks", src)
        fallbacks += (fb[-1][1] - fb[0][1]) if fb else 0
    evals = None
    if os.path.exists(os.path.join(d, "redis.after")):
        def calls(path):
            with open(path) as f:
                m = {k: int(v) for k, v in re.findall(r"cmdstat_(eval|evalsha):calls=(\d+)", f.read())}
            return sum(m.values())
        evals = calls(os.path.join(d, "redis.after")) - calls(os.path.join(d, "redis.before"))
    return {"kind": case["limit_kind"], "rows": rows, "fallbacks": fallbacks, "evals": evals, "ok": len(ok), "expected": expected, "exact": exact,
            "limit": limit, "refill": refill, "span": run_span, "distribution": distribution,
            "by_target": Counter(r["target"] for r in ok), "numbers": int(case["numbers"]),
            "repeat": int(case["repeat"]), "rate": case["rate"], "bad": bad_5xx(rows)}


def faults_report(args):
    title, env_file, dirs = args[0], args[1], args[2:]
    env = kv_file(env_file)
    p = print
    header(p, title, env)
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM, shared by the "
      "load generator, every gateway, Redis, the nginx stub, the sandbox upstream and the fault proxy. "
      f"Software: {env.get('java', '?')}; gateway JVM `{env.get('jvm', '')}`; Redis {env.get('redis', '?')}; "
      f"nginx {env.get('nginx', '?')}.")
    p()
    p("Load: `lib/faultload.py`, open loop (start *i* is sent at t0 + i/rate whatever happened to the others), "
      "Sinch Application-signed starts, each to a number no earlier start used unless said otherwise; latency is "
      "counted from the instant the start was due (waiting for a connection included). Every gateway was warmed "
      "up (unmeasured) before its case. *Unexpected 5xx* = any 5xx other than the designed 503/50300, plus "
      "starts that got no answer at all.")
    p()
    cases = [(d, kv_file(os.path.join(d, "case"))) for d in dirs]
    logs = []

    redis = [redis_case(d, c) for d, c in cases if c["kind"] == "redis"]
    if redis:
        p("## Redis killed (SIGKILL) and restarted empty on the same port, under load")
        p()
        md_head(p, "mode", "load:", "Redis down:", "before: answers", "during the outage: answers",
                "outage latency p50 / p99 / max", "after: answers", "unexpected 5xx (500s):",
                "outage answers as promised", "recovery after Redis is back:")
        for r in redis:
            promise = (f"{r['promise_ok']}/{len(r['outage'])} served (limits on per-replica buckets)"
                       if r["mode"] == "fail-open" else
                       f"{r['promise_ok']}/{len(r['outage'])} 503/50300 with Retry-After")
            p(f"| {r['mode']} | {r['rate']}/s | {r['down_s']:.1f} s | {statuses(r['before'])} | {statuses(r['outage'])} "
              f"| {latency_cells(r['outage']).replace(' | ', ' / ')} | {statuses(r['after'])} | {r['bad']} ({r['s500']}) "
              f"| {promise} | {ms_of_s(r['recovery'])} |")
        p()
        for r in redis:
            extra = (f"; last 503 answered {ms_of_s(r['last_refused'] - r['t_back'])} after Redis was back"
                     if r["last_refused"] else "")
            if r["owned_checked"]:
                p(f"- **{r['mode']}**: verifications unreachable after the outage: {r['unreachable_during']} (of the "
                  f"{r['started_during']} started during it and answered 200: their ownership records, written behind, "
                  f"are all in Redis once its queue is empty). Redis came back empty, so the records of the "
                  f"{r['started_before']} started before the kill are gone ({r['lost_before']} missing): a lookup "
                  "recovers each from Sinch (its reference names the app; `api.DataLossTest`), which this stub "
                  "upstream cannot answer.")
            p(f"- **{r['mode']}**: recovery = {r['how']}{extra}; first Redis key written "
              f"{ms_of_s(r['keys_back'])} after it was back. Fallback decisions: {r['fallbacks_total']:.0f} over the run, "
              f"{r['fallbacks_before']:.0f} before the kill. Latency before / after the outage (p50 / p99 / max): "
              f"{latency_cells(r['before']).replace(' | ', ' / ')} · {latency_cells(r['after']).replace(' | ', ' / ')}.")
            if r["keyed"]:
                p(f"  Starts with an Idempotency-Key (20/s beside the load; their record needs Redis in either mode): "
                  f"during the outage {statuses(r['keyed_outage'])}; over the run {statuses(r['keyed'])}; "
                  f"unexpected 5xx {r['keyed_bad']} (500s: {r['keyed_500']}).")
            p(f"  429/503 answers without Retry-After (keyed or not): {r['no_ra']}.")
        p()
        logs += [(f"redis {c['mode']}", c.get("log")) for d, c in cases if c["kind"] == "redis"]

    for d, c in cases:
        if c["kind"] != "upstream":
            continue
        u = upstream_case(d, c)
        p("## Upstream slow, resetting, down, under load (fault proxy in front of a sandbox upstream)")
        p()
        p(f"{u['rate']}/s starts with an Idempotency-Key, each to its own number, through `lib/faultproxy.py` to a "
          "second Verigate serving only the sandbox. Gateway defaults: per-attempt timeout 5 s (read timeout 5 s), "
          "total 10 s, bulkhead 64 + 256 waiting, breaker 20 calls / 50 % / 5 s delay / 2 successes. *Codes sent* = "
          "messages in the sandbox inboxes of the phase's numbers at the end (what Sinch really delivered, "
          "including after the app's retries). A phase starts when the proxy switched; a start belongs to the phase "
          "in which it was sent, so answers in flight at a switch show the previous mode's effect.")
        p()
        md_head(p, "phase (proxy)", "starts:", "answers", "latency p50:", "p99:", "max:", "breaker opened after:",
                "first fast 503 after:", "200 answers:", "+ 200 on the app's retry:", "codes sent:")
        retried_ok = {r["number"] for r in u["retry"] if r["status"] == 200}
        for ph in u["phases"]:
            later = sum(1 for r in ph["rows"] if r["status"] != 200 and r["number"] in retried_ok)
            p(f"| {ph['mode']} | {len(ph['rows'])} | {statuses(ph['rows'])} | {latency_cells(ph['rows'])} "
              f"| {ms_of_s(ph['opened'])} | {ms_of_s(ph['first_fast'])} | {ph['ok']} | {later} | {ph['sends']} |")
        p()
        ok = not u["dup"] and not u["lost"] and not u["unanswered"] and u["unknown_inbox"] == 0
        p(f"Exactly once, per number ({u['numbers']} numbers): **{u['delivered']} codes sent** by the upstream; "
          f"{u['ok_first']} starts answered 200 during the run, {u['ok_retry']} more when the app retried its 503s "
          f"with the same Idempotency-Key after the faults (retry rounds: {statuses(u['retry'])}); "
          f"**{u['ok_all']} numbers answered 200 in all**. Numbers with two codes: {len(u['dup'])}; "
          f"answered 200 but no code: {len(u['lost'])}; a code but never a 200: {len(u['unanswered'])}"
          f"{' (still 503 after the retries: ' + str(u['still_503']) + ')' if u['still_503'] else ''}. "
          f"Unexpected 5xx: {u['bad']} (500s: {u['s500']}). "
          f"**{'codes sent == 200 starts: holds' if ok and u['delivered'] == u['ok_all'] else 'MISMATCH'}**.")
        p()
        logs += [("upstream", c.get("log"))]

    reps = [(c, replicas_case(d, c)) for d, c in cases if c["kind"] == "replicas"]
    if reps:
        p("## Two gateways sharing one Redis, under load")
        p()
        md_head(p, "limit", "starts (split at random over both):", "load:", "accepted:", "by gateway A / B",
                "expected:", "exact", "other answers", "fallback decisions:", "limit scripts (EVAL) / start:",
                "latency p50 / p99 / max", "unexpected 5xx:")
        for c, r in reps:
            what = (f"number.start={r['limit']}/1h, no cooldown; {r['numbers']} numbers × {r['repeat']}"
                    if r["kind"] == "number" else f"app start limit {r['limit']}/1d; distinct numbers")
            expected = (f"{r['expected']} ({r['limit']} per number)" if r["kind"] == "number" else str(r["expected"]))
            exact = "**yes**" if r["exact"] else "**NO**"
            if r["kind"] == "number":
                exact += " (" + ", ".join(f"{v} numbers got {k}" for k, v in sorted(r["distribution"].items())) + ")"
            p(f"| {what} | {len(r['rows'])} | {r['rate']}/s | {r['ok']} | {r['by_target'].get('0', 0)} / "
              f"{r['by_target'].get('1', 0)} | {expected} | {exact} | {statuses([x for x in r['rows'] if x['status'] != 200])} "
              f"| {r['fallbacks']:.0f} | {(r['evals'] / len(r['rows'])) if r['evals'] is not None else float('nan'):.2f} "
              f"| {latency_cells(r['rows']).replace(' | ', ' / ')} | {r['bad']} |")
        p()
        p("*Fallback decisions* = Δ`verigate_limits_store_fallbacks_total` of both gateways during the run: decisions "
          "made on per-replica buckets because Redis did not answer within `store-timeout` (fail-open); while there "
          "are any, exactness is not promised. Expected = the limit plus whole tokens the greedy refill could add during the run "
          f"({', '.join(str(r['refill']) for _, r in reps)}: the periods are long enough that none can).")
        p()
        for c, _ in reps:
            if c.get("log"):
                logs += [("replica A", c.get("log")), ("replica B", c.get("log_b"))]

    p("## Gateway logs (ERROR and WARN, whole run including warm-ups)")
    p()
    for name, path in logs:
        g = log_groups(path)
        if not g:
            p(f"- {name}: none.")
            continue
        p(f"- {name}:")
        for (level, logger, msg), n in g[:8]:
            p(f"  - {n} × {level} `{logger.rsplit('.', 1)[-1]}`: {msg.replace('|', '/')}")
    p()


# ---------------------------------------------------------------------------------------------------------------
# profile (scenarios/profile.sh): where the gateway's CPU went in steady state, by thread group and by frame
#
# Reads the collapsed stacks async-profiler wrote (cpu.collapsed with thread names as the first frame,
# alloc.collapsed, wall.collapsed), the CPU snapshots around the CPU recording and the wrk output.
# ---------------------------------------------------------------------------------------------------------------

GROUPS = [
    ("event loops", re.compile(r"^\[?vert\.x-eventloop-thread")),
    ("Redis probe", re.compile(r"^\[?verigate-redis-probe")),
    ("JIT compiler", re.compile(r"^\[?C[12] CompilerThre")),
    ("GC", re.compile(r"^\[?(GC Thread|G1 |VM Thread|ParGC|Parallel GC)")),
    ("ForkJoin common pool", re.compile(r"^\[?ForkJoinPool\.commonPool")),
    ("Fault Tolerance timer", re.compile(r"^\[?SmallRye Fault Tolerance")),
    ("Vert.x workers / blocking", re.compile(r"^\[?(executor-thread|vert\.x-worker)")),
]

PATTERNS = [
    ("kernel (syscalls, scheduling)", re.compile(r"_\[k\]$")),
    ("socket writes", re.compile(r"(sys_write|writev|sendmsg|tcp_sendmsg)")),
    ("Redis lanes (limits and records)", re.compile(r"dev/verigate/store/RedisLanes|io/vertx/redis/client")),
    ("Bucket4j", re.compile(r"io/github/bucket4j")),
    ("signatures (HMAC, MD5)", re.compile(r"dev/verigate/signing")),
    ("JSON (Jackson)", re.compile(r"com/fasterxml/jackson")),
    ("libphonenumber", re.compile(r"com/google/i18n/phonenumbers")),
    ("REST client (upstream)", re.compile(r"org/jboss/resteasy/reactive/client")),
    ("REST server", re.compile(r"org/jboss/resteasy/reactive/server")),
    ("Fault Tolerance", re.compile(r"io/smallrye/faulttolerance")),
    ("Micrometer", re.compile(r"io/micrometer")),
    ("Mutiny", re.compile(r"io/smallrye/mutiny")),
    ("logging", re.compile(r"org/jboss/logmanager|org/jboss/logging")),
    ("Caffeine", re.compile(r"com/github/benmanes/caffeine")),
    ("LockSupport.unpark (waking another thread)", re.compile(r"LockSupport\.unpark")),
]


def stacks(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            frames, _, count = line.rpartition(" ")
            try:
                out.append((frames.split(";"), int(count)))
            except ValueError:
                continue
    return out


def group_of(thread):
    for name, rx in GROUPS:
        if rx.search(thread):
            return name
    return "other threads"


def self_frames(samples, top=15, only=None):
    counts, total = {}, 0
    for frames, n in samples:
        if only and not only(frames[0]):
            continue
        total += n
        leaf = frames[-1]
        counts[leaf] = counts.get(leaf, 0) + n
    return total, sorted(counts.items(), key=lambda kv: -kv[1])[:top]


def inclusive(samples, patterns, only=None):
    """Share of samples whose stack holds a frame matching each pattern (a frame counted once per stack)."""
    total = sum(n for f, n in samples if not only or only(f[0]))
    out = []
    for label, rx in patterns:
        hit = sum(n for f, n in samples if (not only or only(f[0])) and any(rx.search(x) for x in f[1:]))
        out.append((label, hit, total))
    return out


def frame_table(p, title, column, total, top):
    """A table of frames (or allocated types) and their share of TOTAL samples."""
    p(title)
    p()
    md_head(p, column, "share:")
    for frame, n in top:
        p(f"| `{frame[:110]}` | {100.0 * n / total:.1f}% |")
    p()


def profile_report(args):
    title, env_file, d, prefix = args[:4]
    env = kv_file(env_file)
    p = print
    cpu = stacks(os.path.join(d, "cpu.collapsed"))
    alloc = stacks(os.path.join(d, "alloc.collapsed"))
    wall = stacks(os.path.join(d, "wall.collapsed"))
    w = wrk_text(os.path.join(d, "wrk.out"))
    try:
        split = cpu_split(d)
    except Exception:  # noqa: BLE001  (the CPU split is a nicety of the report)
        split = None
    m0, m1 = metrics(os.path.join(d, "metrics.before")), metrics(os.path.join(d, "metrics.after"))
    decisions = m1.get("app_start_decisions", 0) - m0.get("app_start_decisions", 0)

    header(p, title, env)
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores; {env.get('java', '?')}; gateway JVM "
      f"`{env.get('jvm', '')}`. wrk (whole run, warm-up included): {w['rps']:.0f} starts/s, p50 {w['p50']:.2f} ms, "
      f"p99 {w['p99']:.2f} ms.")
    if split:
        seconds = float(kv_file(os.path.join(d, "case")).get("seconds", 20))
        per_start = split["gateway"] / (decisions / seconds) * 1000 if decisions else 0
        p(f"During the CPU recording: gateway {split['gateway']:.2f} cores, Redis {split['redis']:.2f}, nginx stub "
          f"{split['nginx']:.2f}, other {split['other']:.2f}; {decisions:.0f} start decisions "
          f"({per_start:.3f} ms of gateway CPU per start).")
    p()
    p(f"Flame graphs: [CPU]({prefix}-cpu.html), [allocations]({prefix}-alloc.html), [wall clock]({prefix}-wall.html).")
    p()
    groups = {}
    total = sum(n for _, n in cpu)
    for frames, n in cpu:
        g = group_of(frames[0])
        groups[g] = groups.get(g, 0) + n
    p("CPU samples by thread group (1 ms interval):")
    p()
    md_head(p, "threads", "samples:", "share:")
    for g, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        p(f"| {g} | {n} | {100.0 * n / total:.1f}% |")
    p()
    loops = lambda t: group_of(t) == "event loops"  # noqa: E731
    p("Event-loop CPU by what is on the stack (a sample counts for every group its stack holds):")
    p()
    md_head(p, "on the stack", "share of event-loop samples:")
    for label, hit, tot in inclusive(cpu, PATTERNS, loops):
        if tot:
            p(f"| {label} | {100.0 * hit / tot:.1f}% |")
    p()
    frame_table(p, "Hottest event-loop frames (self time):", "frame", *self_frames(cpu, 20, loops))
    if alloc:
        frame_table(p, "Allocation samples by allocated type (async-profiler alloc event, sampled by bytes):",
                    "type", *self_frames(alloc, 15))
    if wall:
        wloops = [(f, n) for f, n in wall if group_of(f[0]) == "event loops"]
        frame_table(p, "Event-loop wall clock by leaf frame (where the loops spend their time, waiting included):",
                    "frame", *self_frames(wloops, 10))


# ---------------------------------------------------------------------------------------------------------------
# startup (scenarios/startup.sh)
#
# One row per variant: median and min of spawn -> first 200 (a signed start), Quarkus' "started in",
# RSS after the first request, the JVM's own CPU during startup, and how many runs had foreign load.
# ---------------------------------------------------------------------------------------------------------------

LABELS = {
    "jdk17-fast": "JDK 17, fast-jar",
    "jdk25-fast": "JDK 25, fast-jar",
    "jdk17-appcds": "JDK 17, AppCDS (build time)",
    "jdk25-aot-build": "JDK 25, AOT cache (build phase)",
    "jdk25-aot-its": "JDK 25, AOT cache trained by the ITs",
    "jdk25-aot-its-c1": "JDK 25, AOT cache trained by the ITs, C1 only",
    "floor-aot-its": "Floor: smallest Quarkus REST app, JDK 25, AOT cache trained by its IT",
    "floor-aot-its-c1": "Floor, C1 only",
    "native": "Native executable",
}


def java_version(cmd):
    if not cmd.split()[0].endswith("java"):
        return "native executable (no JVM)"
    try:
        r = subprocess.run([cmd.split()[0], "-version"], capture_output=True, text=True, timeout=20)
        lines = r.stderr.splitlines()
        return lines[1].strip() if len(lines) > 1 else "?"
    except OSError:
        return "?"


def by_variant(rows):
    out = {}
    for r in rows:
        out.setdefault(r["variant"], []).append(r)
    return out


def startup_report(args):
    title, env_file, builds_file, results_file, quiet = args[:5]
    quiet = float(quiet)
    env = kv_file(env_file)
    rows = jsonl(results_file)
    builds = [line.rstrip("\n").split("\t") for line in open(builds_file, encoding="utf-8") if line.strip()]
    variants = by_variant(rows)

    p = print
    header(p, title, env)
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM; "
      f"Redis {env.get('redis', '?')} and the nginx stub upstream {env.get('nginx', '?')} on the same cores.\n")
    seen = set()
    for r in rows:
        java = r["cmd"].split()[0]
        if java not in seen:
            seen.add(java)
            p(f"- `{java}`: {java_version(java)}")
    p("")
    p("**first 200** = wall time from spawning `java … -jar quarkus-run.jar` (prod profile, JVM default flags plus "
      "the cache flags below) to the first HTTP 200 on a real Sinch-signed start "
      "(`POST /verification/v1/verifications`: signature, validation, four limit checks in Redis, the upstream "
      "call, ownership records), polled every 5 ms; connection refused means not listening yet. "
      "**started in** = Quarkus' own log figure (JVM boot not included). **RSS** = the JVM's VmRSS right after "
      "that first 200. **port open** = when that request's TCP connect succeeded (the rest of *first 200* is the cost "
      "of the very first request). **JVM cores** = the CPU the JVM used until then ÷ the wall time (JIT and GC threads run "
      "beside main). Variants were started round-robin, one at a time.\n")
    md_head(p, "variant", "runs:", "first 200 median:", "first 200 min:", "first 200 max:", "port open (median):",
            "started in (median):", "RSS median:", "JVM cores:", "noisy runs:")
    for v, rs in variants.items():
        first = [r["first_ms"] for r in rs]
        started = [r["started_s"] for r in rs if r.get("started_s") is not None]
        rss = [r["rss_mb"] for r in rs]
        listen = [r["listen_ms"] for r in rs]
        cores = [r["gateway_cores"] for r in rs]
        noisy = sum(1 for r in rs if r["foreign_cores"] >= quiet)
        p(f"| {LABELS.get(v, v)} | {len(rs)} | **{statistics.median(first) / 1000:.3f} s** | "
          f"{min(first) / 1000:.3f} s | {max(first) / 1000:.3f} s | {statistics.median(listen) / 1000:.3f} s | "
          f"{(statistics.median(started) if started else float('nan')):.3f} s | {statistics.median(rss):.0f} MB | "
          f"{statistics.median(cores):.2f} | {noisy} |")
    p("")
    p(f"*noisy runs*: other processes (Redis and the stub included) used ≥ {quiet} cores during that start.\n")
    p("## Variants\n")
    md_head(p, "variant", "command line (in the build's `quarkus-app/`)")
    for v, rs in variants.items():
        cmd = rs[0]["cmd"]
        p(f"| {LABELS.get(v, v)} | `{cmd}` |")
    p("")
    md_head(p, "build", "seconds:", "cache files")
    for b in builds:
        p(f"| {b[0]} | {b[1] if len(b) > 1 else '?'} | {b[2].strip() if len(b) > 2 and b[2].strip() else '—'} |")
    p("")
    p("Builds: `fast` = `./mvnw package -DskipTests` (JDK 17); `appcds` = the same with "
      "`-Dquarkus.package.jar.aot.enabled=true` (JDK 17: AppCDS); `aot-build` = JDK 25 with "
      "`-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot -Dquarkus.package.jar.aot.phase=build`; "
      "`aot-its` = JDK 25 `./mvnw verify -Dquarkus.package.jar.aot.enabled=true` (unit tests skipped with "
      "`-Dtest=NONE`): the `@QuarkusIntegrationTest`s run the jar with `-XX:AOTMode=record`, then the cache is created; "
      "`floor` = `bench/startup-floor` (quarkus-rest and one resource answering the start with a constant: no auth, "
      "Redis or upstream), built and trained the same way by its one IT on the gateway's Quarkus version.\n")
    p("## Every run\n")
    md_head(p, "variant", "run:", "first 200:", "port open:", "started in:", "RSS:", "JVM cores:", "foreign cores:")
    for r in rows:
        p(f"| {r['variant']} | {r['run']} | {r['first_ms'] / 1000:.3f} s | {r['listen_ms'] / 1000:.3f} s | {r.get('started_s')} s | {r['rss_mb']:.0f} MB | "
          f"{r['gateway_cores']:.2f} | {r['foreign_cores']:.2f} |")


# ---------------------------------------------------------------------------------------------------------------
# warmup (scenarios/warmup.sh)
#
# Each result is one fresh JVM: its 2xx answers per wall-clock second from the second its port opened.
# Second 0 is the partial second in which the port opened; *steady* is the median of the run's last 20 seconds
# (the final second, cut by wrk's stop, left out).
# ---------------------------------------------------------------------------------------------------------------

TAIL = 20


def ramp_run(args):
    """One fresh JVM's ramp as a JSON line: replay.lua's BENCH_SECOND lines, from the second its port opened."""
    variant, run, t_spawn, t_open, path = args[0], int(args[1]), float(args[2]), float(args[3]), args[4]
    seconds, bench = {}, {}
    for line in open(path):
        parts = line.split()
        if parts[:1] == ["BENCH_SECOND"]:
            seconds[int(parts[1])] = int(parts[2])
        elif parts[:1] == ["BENCH"]:
            bench = dict(p.split("=", 1) for p in parts[1:])
    first = int(t_open)  # os.time() buckets: second k after the port opened is epoch second first + k
    series = [seconds.get(first + k, 0) for k in range(0, max(seconds, default=first) - first + 1)]
    print(json.dumps({"variant": variant, "run": run, "open_s": round(t_open - t_spawn, 3),
                      "first_fraction": round(1 - (t_open - first), 3), "series": series,
                      "non2xx": int(bench.get("requests", 0)) - sum(int(v) for k, v in bench.items() if k.startswith("status_2")),
                      "errors": sum(int(bench.get(k, 0)) for k in ("err_connect", "err_read", "err_write", "err_timeout")),
                      "wraps": int(bench.get("wraps", 0))}))


def steady(series):
    full = series[1:-1]  # whole seconds only
    return statistics.median(full[-TAIL:]) if full else 0


def ramp_stats(r):
    s = r["series"]
    base = steady(s)
    first10 = s[1:11]
    reach = next((k for k, n in enumerate(s) if k >= 1 and base and n >= 0.8 * base), None)
    return {
        "steady": base,
        "first10": sum(first10) / len(first10) / base if base and first10 else 0,
        "reach": reach,
        "at": {k: (s[k] / base if base and k < len(s) else 0) for k in (1, 2, 5, 10, 20, 30)},
    }


def warmup_report(args):
    title, env_file, results_file, conns = args[:4]
    env = kv_file(env_file)
    rows = jsonl(results_file)

    p = print
    header(p, title, env)
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM; wrk, Redis "
      f"{env.get('redis', '?')}, the nginx stub {env.get('nginx', '?')} and the gateway share these cores. "
      f"JVM flags: `{env.get('jvm', '?')}`.\n")
    p(f"Each run: a fresh JVM; from the moment its port accepts a connection, wrk sends signed starts to distinct "
      f"numbers with {conns} connections (closed loop) for {env.get('duration', '?')} s. *steady* = the median "
      f"second of the run's last {TAIL}; *s 1–10* = the 2xx answered in seconds 1 to 10 after the port opened, "
      f"as a share of 10 steady seconds; *80 % at* = the first second at ≥ 80 % of steady. Ranges over the runs.\n")
    md_head(p, "variant", "runs:", "port open after spawn:", "steady starts/s:", "s 1–10:", "80 % at:", "1 s:",
            "2 s:", "5 s:", "10 s:", "20 s:", "30 s:", "non-2xx, errors:")
    pct_of = lambda v: f"{100 * v:.0f} %"  # noqa: E731
    for variant, runs in by_variant(rows).items():
        a = [ramp_stats(r) for r in runs]
        p(f"| {LABELS.get(variant, variant)} | {len(runs)} | {span([r['open_s'] for r in runs], lambda v: f'{v:.2f} s')} "
          f"| {span([x['steady'] for x in a], lambda v: f'{v:,.0f}')} | {span([x['first10'] for x in a], pct_of)} "
          f"| {span([x['reach'] for x in a], lambda v: f'{v} s')} "
          + " ".join(f"| {span([x['at'][k] for x in a], pct_of)}" for k in (1, 2, 5, 10, 20, 30))
          + f" | {sum(r['non2xx'] for r in runs)}, {sum(r['errors'] for r in runs)} |")
    p("\nEvery run, 2xx per second from the port opening (second 0 is partial):\n")
    p("```")
    for r in rows:
        p(f"{r['variant']:<16} #{r['run']}  {' '.join(str(n) for n in r['series'])}")
    p("```")


# ---------------------------------------------------------------------------------------------------------------
# native (scenarios/native.sh): build time, executable size, the builder's peak RSS, each IT class's results
#
# The work dir holds native.env (seconds, rc, home), native-build.log, native.time (GNU time -v, optional),
# src/target/*-runner and src/target/failsafe-reports/TEST-*.xml.
# ---------------------------------------------------------------------------------------------------------------

def native_report(args):
    title, env_file, work = args[:3]
    env = kv_file(env_file)
    nat = kv_file(f"{work}/native.env")
    log = open(f"{work}/native-build.log", encoding="utf-8", errors="replace").read()
    p = print
    header(p, title, env)
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM. "
      f"GraalVM home: `{nat['home']}`.\n")
    runner = glob.glob(f"{work}/src/target/*-runner")
    peak = None
    if os.path.exists(f"{work}/native.time"):
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{work}/native.time").read())
        peak = int(m.group(1)) / 1024 / 1024 if m else None
    image_s = re.findall(r"Finished generating '[^']+' in (?:(\d+)m )?([\d.]+)s", log)
    p(f"- `./mvnw verify -Dnative` (build and ITs): **{nat['seconds']} s**, exit {nat['rc']}")
    if image_s:
        mins, secs = image_s[-1]
        p(f"- native-image alone: {int(mins or 0) * 60 + float(secs):.0f} s")
    if peak:
        p(f"- peak RSS of the largest process (the image builder): {peak:.1f} GiB")
    if runner:
        p(f"- executable: {os.path.basename(runner[0])}, {os.path.getsize(runner[0]) / 1048576:.1f} MB")
    p()
    md_head(p, "integration test class", "tests:", "failures:", "errors:", "skipped:")
    total = [0, 0, 0, 0]
    for f in sorted(glob.glob(f"{work}/src/target/failsafe-reports/TEST-*.xml")):
        r = ET.parse(f).getroot()
        row = [int(r.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")]
        total = [a + b for a, b in zip(total, row)]
        p(f"| `{r.get('name', os.path.basename(f))}` | " + " | ".join(map(str, row)) + " |")
    p("| **all** | " + " | ".join(f"**{n}**" for n in total) + " |")
    fails = re.findall(r"^\[ERROR\] .*(?:FAIL|ERROR).*$", log, re.M)
    if fails:
        p("\nFailures (from the build log):\n\n```")
        for line in fails[:40]:
            p(line[:300])
        p("```")


# ---------------------------------------------------------------------------------------------------------------
# dashboard (scenarios/dashboard.sh)
#
# The work dir holds operations.txt (lib/dashload.py's summary), webhook-bench.count, panels.md (what each panel's
# queries returned, from lib/dashboard_render.py) and gateway.log; the PNG is copied beside the report by the
# scenario.
# ---------------------------------------------------------------------------------------------------------------

def dashboard_report(args):
    title, env_file, work, png, scrape, seconds, rate_interval = args[:7]
    p = print
    p(f"# {title}")
    p()
    run = []
    with open(env_file) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("date="):
                run.append(line[len("date="):])
            elif line.startswith("commit="):
                run.append("commit " + line[len("commit="):])
    if run:
        p("Run: " + " ".join(run))
    p()
    p(f"Prometheus scraped the gateway every {scrape} for {seconds} s of mixed traffic; every panel of")
    p(f"`deploy/grafana/verigate-dashboard.json` ran its queries verbatim (all namespaces and apps, `$__rate_interval` =")
    p(f"{rate_interval}) and was drawn into [`{png}`]({png}) (a stand-in renderer, not Grafana).")
    p()
    p("Operations sent (operation, status, count):")
    p()
    p("```")
    sys.stdout.write(open(os.path.join(work, "operations.txt")).read())
    p("```")
    p()
    count = open(os.path.join(work, "webhook-bench.count")).read().rstrip("\n")
    p(f"Events the bench app's webhook (the sandbox's stand-in) kept at the end: {count} (it keeps 100).")
    p()
    p("What each panel's queries returned:")
    p()
    sys.stdout.write(open(os.path.join(work, "panels.md")).read())
    p()
    print_log(p, os.path.join(work, "gateway.log"), "the run")


# ---------------------------------------------------------------------------------------------------------------
# pumping: an SMS pumping attack against the guard and a budget, enforced then in shadow
# ---------------------------------------------------------------------------------------------------------------

def pumping_metrics(path):
    """The guard's and budget's counters of one case: {name{labels}: value}."""
    out = {}
    for line in open(path) if os.path.exists(path) else []:
        name, _, value = line.rstrip("\n").rpartition(" ")
        out[name] = float(value)
    return out


def decisions(m, rule, outcome):
    return sum(v for k, v in m.items()
               if k.startswith("verigate_limits_decisions_total{") and f'rule="{rule}"' in k and f'outcome="{outcome}"' in k)


def pumping_report(args):
    title, env_path, *cases = args
    env = kv_file(env_path)
    out = []

    def p(line=""):
        out.append(line)

    header(p, title, env)
    p("An SMS pumping attack played against the sandbox (bench/scenarios/pumping.sh): 1,000 starts to one premium")
    p("prefix whose codes are never entered (pump), one normal verification per 4 of them whose codes are all")
    p("entered (shop), then starts spread over 28 other prefixes by an app with a daily budget (spread). The guard")
    p("runs with its defaults: judged from 50 starts in 1 h, 10% must be verified, then one start a minute.")
    p()
    p("| case | pump: 200 | pump: refused | first refusal at pump start | shop: 200 / sent | shop codes verified | spread: 200 | spread: first refusal | spend at the end | guard decisions allowed / held / shadow | budget decisions shadow |")
    p("|---|---|---|---|---|---|---|---|---|---|---|")
    logs = []
    for d in cases:
        c = kv_file(os.path.join(d, "case"))
        r = json.load(open(os.path.join(d, "result.json")))
        m = pumping_metrics(os.path.join(d, "metrics.txt"))
        pump, shop, spread, reps = r["pump"], r["shop"], r["spread"], r["shop_reports"]
        refused = pump["sent"] - pump["by_status"].get("200", 0)
        first = pump["first_refusal"]
        sf = spread["first_refusal"]
        spent = sum(v for k, v in m.items() if k.startswith("verigate_budget_spent"))
        p(f"| {c.get('name')} | {pump['by_status'].get('200', 0)} | {refused} "
          f"({', '.join(str(x) for x in pump['error_codes']) or '—'}) | {first['index'] if first else '—'} | "
          f"{shop['by_status'].get('200', 0)} / {shop['sent']} | {reps['by_status'].get('200', 0)} | "
          f"{spread['by_status'].get('200', 0)} | "
          f"{(str(sf['index']) + ' (' + str(sf['status']) + '/' + str(sf['errorCode']) + ')') if sf else '—'} | "
          f"{spent:.4f} of {c.get('budget')} | "
          f"{decisions(m, 'guard', 'allowed'):.0f} / {decisions(m, 'guard', 'rejected'):.0f} / "
          f"{decisions(m, 'guard', 'shadow'):.0f} | {decisions(m, 'budget', 'shadow'):.0f} |")
        lines = [ln for ln in open(os.path.join(d, "gateway.log"), errors="replace") if "guarded:" in ln]
        logs.append((c.get("name"), lines[:3], r["seconds"], c.get("settings")))
    p()
    for name, lines, seconds, settings in logs:
        p(f"**{name}** (settings: `{settings}`; pump and shop {seconds['pump_and_shop']} s, spread {seconds['spread']} s)."
          f" The guard's WARN lines:")
        p()
        p("```")
        for ln in lines:
            try:
                p(json.loads(ln).get("message", ln.strip()))
            except ValueError:
                p(ln.strip())
        if not lines:
            p("(none)")
        p("```")
        p()
    sys.stdout.write("\n".join(out) + "\n")


COMMANDS = {
    "limits": limits_report,
    "other-cores": other_cores,
    "overhead": overhead_report,
    "soak": soak_report,
    "faults": faults_report,
    "profile": profile_report,
    "startup": startup_report,
    "warmup": warmup_report,
    "ramp-run": ramp_run,
    "native": native_report,
    "dashboard": dashboard_report,
    "pumping": pumping_report,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
