#!/usr/bin/env python3
"""The profile scenario's report: where the gateway's CPU went in steady state, by thread group and by frame.

  profile_report.py <title> <env file> <profile dir> <results prefix>

Reads the collapsed stacks async-profiler wrote (cpu.collapsed with thread names as the first frame,
alloc.collapsed, wall.collapsed), the CPU snapshots around the CPU recording and the wrk output.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from report import cpu_split, kv_file, metrics, wrk_text  # noqa: E402  (same directory)

GROUPS = [
    ("event loops", re.compile(r"^\[?vert\.x-eventloop-thread")),
    ("Redis probe", re.compile(r"^\[?verigate-redis-probe")),
    ("JIT compiler", re.compile(r"^\[?C[12] CompilerThre")),
    ("GC", re.compile(r"^\[?(GC Thread|G1 |VM Thread|ParGC|Parallel GC)")),
    ("ForkJoin common pool", re.compile(r"^\[?ForkJoinPool\.commonPool")),
    ("Fault Tolerance timer", re.compile(r"^\[?SmallRye Fault Tolerance")),
    ("Vert.x workers / blocking", re.compile(r"^\[?(executor-thread|vert\.x-worker)")),
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


def main():
    title, env_file, d, prefix = sys.argv[1:5]
    env = kv_file(env_file)
    p = print
    cpu = stacks(os.path.join(d, "cpu.collapsed"))
    alloc = stacks(os.path.join(d, "alloc.collapsed"))
    wall = stacks(os.path.join(d, "wall.collapsed"))
    w = wrk_text(os.path.join(d, "wrk.out"))
    split = None
    try:
        split = cpu_split(d)
    except Exception:  # noqa: BLE001  (the CPU split is a nicety of the report)
        split = None
    m0, m1 = metrics(os.path.join(d, "metrics.before")), metrics(os.path.join(d, "metrics.after"))
    decisions = m1.get("app_start_decisions", 0) - m0.get("app_start_decisions", 0)

    p(f"# {title}")
    p()
    p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`")
    p()
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
    p("| threads | samples | share |")
    p("|---|---:|---:|")
    for g, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        p(f"| {g} | {n} | {100.0 * n / total:.1f}% |")
    p()
    loops = lambda t: group_of(t) == "event loops"  # noqa: E731
    p("Event-loop CPU by what is on the stack (a sample counts for every group its stack holds):")
    p()
    p("| on the stack | share of event-loop samples |")
    p("|---|---:|")
    for label, hit, tot in inclusive(cpu, PATTERNS, loops):
        if tot:
            p(f"| {label} | {100.0 * hit / tot:.1f}% |")
    p()
    tot, top = self_frames(cpu, 20, loops)
    p("Hottest event-loop frames (self time):")
    p()
    p("| frame | share |")
    p("|---|---:|")
    for frame, n in top:
        p(f"| `{frame[:110]}` | {100.0 * n / tot:.1f}% |")
    p()
    if alloc:
        atot, atop = self_frames(alloc, 15)
        p("Allocation samples by allocated type (async-profiler alloc event, sampled by bytes):")
        p()
        p("| type | share |")
        p("|---|---:|")
        for frame, n in atop:
            p(f"| `{frame[:110]}` | {100.0 * n / atot:.1f}% |")
        p()
    if wall:
        wloops = [(f, n) for f, n in wall if group_of(f[0]) == "event loops"]
        wt, wtop = self_frames(wloops, 10)
        p("Event-loop wall clock by leaf frame (where the loops spend their time, waiting included):")
        p()
        p("| frame | share |")
        p("|---|---:|")
        for frame, n in wtop:
            p(f"| `{frame[:110]}` | {100.0 * n / wt:.1f}% |")
        p()


if __name__ == "__main__":
    main()
