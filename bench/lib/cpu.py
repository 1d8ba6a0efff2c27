#!/usr/bin/env python3
"""CPU snapshot for the report: machine-wide busy/total ticks and the ticks of given processes.

  cpu.py name=pid ...

Prints "name ticks" per process (utime+stime of the process and its direct children, e.g. nginx's
workers), then "busy", "all" (from the first line of /proc/stat) and "clk_tck". Two snapshots around a
run give how many cores each part used, and how much went to processes that are not part of the
benchmark (another build on the same machine).
"""
import os
import sys


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


def main():
    ticks, parent = proc_ticks()
    for arg in sys.argv[1:]:
        name, pid = arg.split("=", 1)
        pid = int(pid)
        total = ticks.get(pid, 0) + sum(t for p, t in ticks.items() if parent.get(p) == pid)
        print(name, total)
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    print("busy", sum(v[:8]) - idle)
    print("all", sum(v[:8]))
    print("clk_tck", os.sysconf("SC_CLK_TCK"))
    print("cores", os.cpu_count())


if __name__ == "__main__":
    main()
