#!/usr/bin/env python3
"""CPU snapshot for the report: machine-wide busy/total ticks and the ticks of given processes.

  cpu.py name=pid ...
  cpu.py --foreign SECONDS name=pid ...   cores used by all other processes over SECONDS


Prints "name ticks" per process (utime+stime of the process and its direct children, e.g. nginx's
workers), then "busy", "all" (from the first line of /proc/stat) and "clk_tck". Two snapshots around a
run give how many cores each part used, and how much went to processes that are not part of the
benchmark (another build on the same machine).
"""
import os
import sys
import time


def proc_ticks():
    ticks, parent = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rindex(")") + 2:].split()  # after "pid (comm) "
        pid = int(entry)
        parent[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks, parent


def snapshot(named):
    ticks, parent = proc_ticks()
    out = {}
    for name, pid in named:
        out[name] = ticks.get(pid, 0) + sum(t for p, t in ticks.items() if parent.get(p) == pid)
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    out["busy"] = sum(v[:8]) - idle
    out["all"] = sum(v[:8])
    out["clk_tck"] = os.sysconf("SC_CLK_TCK")
    out["cores"] = os.cpu_count()
    return out


def main():
    args = sys.argv[1:]
    seconds = None
    if args and args[0] == "--foreign":
        seconds, args = float(args[1]), args[2:]
    named = [(a.split("=", 1)[0], int(a.split("=", 1)[1])) for a in args]
    a = snapshot(named)
    if seconds is None:
        for k, v in a.items():
            print(k, v)
        return
    time.sleep(seconds)
    b = snapshot(named)
    wall = (b["all"] - a["all"]) / b["cores"]
    ours = sum(b[n] - a[n] for n, _ in named)
    print("%.2f" % (max(0.0, (b["busy"] - a["busy"] - ours) / wall) if wall > 0 else 0.0))


if __name__ == "__main__":
    main()
