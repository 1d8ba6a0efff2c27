#!/usr/bin/env python3
"""The markdown report of the faults scenario (bench/scenarios/faults.sh).

  faults_report.py <title> <env file> <case dir>...

Each case dir holds: case (key=value), events.tsv (instant, what the scenario did), requests.tsv (one line per
start, from lib/faultload.py), and per kind: samples.tsv (gateway counters and Redis DBSIZE every 100 ms),
retry.tsv and inbox.tsv (upstream case). Every figure is computed here from those files; see bench/README.md.
"""
import json
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import kv_file, log_groups  # noqa: E402  (same directory)


def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


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


def ms(v):
    if v is None:
        return "—"
    v *= 1000
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def latency_cells(rows):
    lat = [r["latency"] for r in rows]
    return f"{ms(pct(lat, 0.5))} | {ms(pct(lat, 0.99))} | {ms(max(lat) if lat else None)}"


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
    span = (max(r["done"] for r in rows) - min(r["sent"] for r in rows)) if rows else 0
    refill = int(limit * span / period)  # whole tokens a greedy refill could add during the run (0 here)
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
            "limit": limit, "refill": refill, "span": span, "distribution": distribution,
            "by_target": Counter(r["target"] for r in ok), "numbers": int(case["numbers"]),
            "repeat": int(case["repeat"]), "rate": case["rate"], "bad": bad_5xx(rows)}


def main():
    title, env_file, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = kv_file(env_file)
    p = print
    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()
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
        p("| mode | load | Redis down | before: answers | during the outage: answers | outage latency p50 / p99 / max "
          "| after: answers | unexpected 5xx (500s) | outage answers as promised | recovery after Redis is back |")
        p("|---|---:|---:|---|---|---|---|---:|---|---:|")
        for r in redis:
            promise = (f"{r['promise_ok']}/{len(r['outage'])} served (limits on per-replica buckets)"
                       if r["mode"] == "fail-open" else
                       f"{r['promise_ok']}/{len(r['outage'])} 503/50300 with Retry-After")
            p(f"| {r['mode']} | {r['rate']}/s | {r['down_s']:.1f} s | {statuses(r['before'])} | {statuses(r['outage'])} "
              f"| {latency_cells(r['outage']).replace(' | ', ' / ')} | {statuses(r['after'])} | {r['bad']} ({r['s500']}) "
              f"| {promise} | {ms(r['recovery'])} |")
        p()
        for r in redis:
            extra = (f"; last 503 answered {ms(r['last_refused'] - r['t_back'])} after Redis was back"
                     if r["last_refused"] else "")
            if r["owned_checked"]:
                p(f"- **{r['mode']}**: verifications unreachable after the outage: {r['unreachable_during']} (of the "
                  f"{r['started_during']} started during it and answered 200: their ownership records, written behind, "
                  f"are all in Redis once its queue is empty). Redis came back empty, so the records of the "
                  f"{r['started_before']} started before the kill are gone ({r['lost_before']} missing): a lookup "
                  "recovers each from Sinch (its reference names the app; `api.DataLossTest`), which this stub "
                  "upstream cannot answer.")
            p(f"- **{r['mode']}**: recovery = {r['how']}{extra}; first Redis key written "
              f"{ms(r['keys_back'])} after it was back. Fallback decisions: {r['fallbacks_total']:.0f} over the run, "
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
        p("| phase (proxy) | starts | answers | latency p50 | p99 | max | breaker opened after | first fast 503 after "
          "| 200 answers | + 200 on the app's retry | codes sent |")
        p("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        retried_ok = {r["number"] for r in u["retry"] if r["status"] == 200}
        for ph in u["phases"]:
            later = sum(1 for r in ph["rows"] if r["status"] != 200 and r["number"] in retried_ok)
            p(f"| {ph['mode']} | {len(ph['rows'])} | {statuses(ph['rows'])} | {latency_cells(ph['rows'])} "
              f"| {ms(ph['opened'])} | {ms(ph['first_fast'])} | {ph['ok']} | {later} | {ph['sends']} |")
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
        p("| limit | starts (split at random over both) | load | accepted | by gateway A / B | expected | exact | "
          "other answers | fallback decisions | limit scripts (EVAL) / start | latency p50 / p99 / max | unexpected 5xx |")
        p("|---|---:|---:|---:|---|---:|---|---|---:|---:|---|---:|")
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
    any_line = False
    for name, path in logs:
        g = log_groups(path)
        if not g:
            p(f"- {name}: none.")
            continue
        any_line = True
        p(f"- {name}:")
        for (level, logger, msg), n in g[:8]:
            p(f"  - {n} × {level} `{logger.rsplit('.', 1)[-1]}`: {msg.replace('|', '/')}")
    p()


if __name__ == "__main__":
    main()
