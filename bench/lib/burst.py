#!/usr/bin/env python3
"""Fires N pre-signed start requests at once, one per connection, and prints their statuses.

  burst.py <host> <port>[,<port>...] <requests file>

All connections are opened first; then every sender thread waits on one barrier and writes its whole
request in a single send, so the N requests reach the gateway within a few milliseconds: N truly
concurrent decisions on the same app (and country) bucket. With several ports (replicas), request i goes
to port i mod their number. Prints one line: "BURST n=… status_200=… … p50_ms=… p99_ms=… max_ms=…", the
latencies from each request's send to the end of its answer.
"""
import socket
import sys
import threading
import time

PATH = "/verification/v1/verifications"


def raw_request(host, port, line):
    auth, ts, body = line.rstrip("\n").split("\t", 2)
    b = body.encode()
    head = (f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"x-timestamp: {ts}\r\nAuthorization: {auth}\r\nContent-Length: {len(b)}\r\n"
            f"Connection: close\r\n\r\n")
    return head.encode() + b


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    host, ports, path = sys.argv[1], [int(p) for p in sys.argv[2].split(",")], sys.argv[3]
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    requests = [raw_request(host, ports[i % len(ports)], line) for i, line in enumerate(lines)]
    socks = [socket.create_connection((host, ports[i % len(ports)]), timeout=30) for i in range(len(requests))]
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)
    latencies = [0.0] * len(requests)

    def send(i):
        s = socks[i]
        barrier.wait()
        t0 = time.monotonic()
        s.sendall(requests[i])
        data = b""
        while True:  # Connection: close, so the answer ends with EOF
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        latencies[i] = (time.monotonic() - t0) * 1000
        s.close()
        statuses[i] = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    lat = sorted(latencies)
    print("BURST n=%d %s p50_ms=%.0f p99_ms=%.0f max_ms=%.0f" % (
        len(requests), " ".join(f"status_{k}={v}" for k, v in sorted(counts.items())),
        percentile(lat, 0.5), percentile(lat, 0.99), lat[-1]))


if __name__ == "__main__":
    main()
