#!/usr/bin/env python3
"""Fires N pre-signed start requests at once, one per connection, and prints their statuses.

  burst.py <host> <port> <requests file>

All connections are opened first; then every sender thread waits on one barrier and writes its whole
request in a single send, so the N requests reach the gateway within a few milliseconds: N truly
concurrent decisions on the same app (and country) bucket. Prints one line: "BURST n=… status_200=… …".
"""
import socket
import sys
import threading

PATH = "/verification/v1/verifications"


def raw_request(host, port, line):
    auth, ts, body = line.rstrip("\n").split("\t", 2)
    b = body.encode()
    head = (f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"x-timestamp: {ts}\r\nAuthorization: {auth}\r\nContent-Length: {len(b)}\r\n"
            f"Connection: close\r\n\r\n")
    return head.encode() + b


def main():
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, encoding="utf-8") as f:
        requests = [raw_request(host, port, line) for line in f if line.strip()]
    socks = [socket.create_connection((host, port), timeout=30) for _ in requests]
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)

    def send(i):
        s = socks[i]
        barrier.wait()
        s.sendall(requests[i])
        data = b""
        while True:  # Connection: close, so the answer ends with EOF
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
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
    print("BURST n=%d %s" % (len(requests), " ".join(f"status_{k}={v}" for k, v in sorted(counts.items()))))


if __name__ == "__main__":
    main()
