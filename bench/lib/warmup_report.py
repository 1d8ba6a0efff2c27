#!/usr/bin/env python3
"""Markdown report of the warm-up scenario.

  warmup_report.py <title> <env file> <results.jsonl> <connections>

Each result is one fresh JVM: its 2xx answers per wall-clock second from the second its port opened.
Second 0 is the partial second in which the port opened; *steady* is the median of the run's last 20 seconds
(the final second, cut by wrk's stop, left out).
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import kv_file  # noqa: E402  (same directory)
from startup_report import LABELS  # noqa: E402

TAIL = 20


def steady(series):
    full = series[1:-1]  # whole seconds only
    return statistics.median(full[-TAIL:]) if full else 0


def analyse(r):
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


def rng(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    lo, hi = min(values), max(values)
    return fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"


def main():
    title, env_file, results_file, conns = sys.argv[1:5]
    env = kv_file(env_file)
    rows = [json.loads(line) for line in open(results_file, encoding="utf-8") if line.strip()]
    by_variant = {}
    for r in rows:
        by_variant.setdefault(r["variant"], []).append(r)

    p = print
    p(f"# {title}\n")
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`\n")
    p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM; wrk, Redis "
      f"{env.get('redis', '?')}, the nginx stub {env.get('nginx', '?')} and the gateway share these cores. "
      f"JVM flags: `{env.get('jvm', '?')}`.\n")
    p(f"Each run: a fresh JVM; from the moment its port accepts a connection, wrk sends signed starts to distinct "
      f"numbers with {conns} connections (closed loop) for {env.get('duration', '?')} s. *steady* = the median "
      f"second of the run's last {TAIL}; *s 1–10* = the 2xx answered in seconds 1 to 10 after the port opened, "
      f"as a share of 10 steady seconds; *80 % at* = the first second at ≥ 80 % of steady. Ranges over the runs.\n")
    p("| variant | runs | port open after spawn | steady starts/s | s 1–10 | 80 % at | 1 s | 2 s | 5 s | 10 s "
      "| 20 s | 30 s | non-2xx, errors |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for variant, runs in by_variant.items():
        a = [analyse(r) for r in runs]
        pct = lambda v: f"{100 * v:.0f} %"  # noqa: E731
        p(f"| {LABELS.get(variant, variant)} | {len(runs)} | {rng([r['open_s'] for r in runs], lambda v: f'{v:.2f} s')} "
          f"| {rng([x['steady'] for x in a], lambda v: f'{v:,.0f}')} | {rng([x['first10'] for x in a], pct)} "
          f"| {rng([x['reach'] for x in a], lambda v: f'{v} s')} "
          + " ".join(f"| {rng([x['at'][k] for x in a], pct)}" for k in (1, 2, 5, 10, 20, 30))
          + f" | {sum(r['non2xx'] for r in runs)}, {sum(r['errors'] for r in runs)} |")
    p("\nEvery run, 2xx per second from the port opening (second 0 is partial):\n")
    p("```")
    for r in rows:
        p(f"{r['variant']:<16} #{r['run']}  {' '.join(str(n) for n in r['series'])}")
    p("```")


if __name__ == "__main__":
    main()
