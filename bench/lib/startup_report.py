#!/usr/bin/env python3
"""Markdown report of the startup scenario.

  startup_report.py <title> <env file> <builds.tsv> <results.jsonl> <quiet-cores threshold>

One row per variant: median and min of spawn -> first 200 (a signed start), Quarkus' "started in",
RSS after the first request, the JVM's own CPU during startup, and how many runs had foreign load.
"""
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import kv_file  # noqa: E402  (same directory)

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


def main():
    title, env_file, builds_file, results_file, quiet = sys.argv[1:6]
    quiet = float(quiet)
    env = kv_file(env_file)
    rows = [json.loads(line) for line in open(results_file, encoding="utf-8") if line.strip()]
    builds = [line.rstrip("\n").split("\t") for line in open(builds_file, encoding="utf-8") if line.strip()]
    by_variant = {}
    for r in rows:
        by_variant.setdefault(r["variant"], []).append(r)

    p = print
    p(f"# {title}\n")
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`\n")
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
    p("| variant | runs | first 200 median | first 200 min | first 200 max | port open (median) | started in (median) | RSS median | JVM cores | noisy runs |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for v, rs in by_variant.items():
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
    p("| variant | command line (in the build's `quarkus-app/`) |")
    p("|---|---|")
    for v, rs in by_variant.items():
        cmd = rs[0]["cmd"]
        p(f"| {LABELS.get(v, v)} | `{cmd}` |")
    p("")
    p("| build | seconds | cache files |")
    p("|---|---:|---|")
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
    p("| variant | run | first 200 | port open | started in | RSS | JVM cores | foreign cores |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        p(f"| {r['variant']} | {r['run']} | {r['first_ms'] / 1000:.3f} s | {r['listen_ms'] / 1000:.3f} s | {r.get('started_s')} s | {r['rss_mb']:.0f} MB | "
          f"{r['gateway_cores']:.2f} | {r['foreign_cores']:.2f} |")


if __name__ == "__main__":
    main()
