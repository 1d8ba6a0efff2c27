#!/usr/bin/env python3
"""A TCP fault proxy between the gateway and its upstream, switchable at runtime.

  faultproxy.py --listen PORT --upstream HOST:PORT --control PORT

Modes, set with a GET on the control port (all on 127.0.0.1):

  /mode/pass               bytes flow both ways untouched
  /mode/slow?ms=N          every answer from the upstream reaches the gateway N ms after the upstream sent it
                           (a delay line per connection: the upstream has acted, the answer is late)
  /mode/reset?p=P          each answer chunk from the upstream is, with probability P, replaced by a TCP reset
                           of the gateway's connection (the upstream has acted, the answer is lost)
  /mode/down               the listening socket is closed (connections are refused) and every open
                           connection is reset; any other mode listens again on the same port
  /stats                   one line of counters: connections, answers relayed, resets, refused period

Each mode change is printed on stdout as "<unix time> <mode>". Nothing but loopback addresses is used.
"""
import argparse
import asyncio
import random
import socket
import struct
import sys
import time


class Proxy:
    def __init__(self, listen, upstream_host, upstream_port):
        self.listen = listen
        self.upstream = (upstream_host, upstream_port)
        self.mode, self.delay_ms, self.reset_p = "pass", 0, 0.0
        self.server = None
        self.clients = set()
        self.stats = {"connections": 0, "chunks_relayed": 0, "resets": 0, "delayed": 0}

    async def start_listening(self):
        if self.server is None:
            self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.listen, reuse_address=True,
                                                     backlog=1024)

    def stop_listening(self):
        if self.server is not None:
            self.server.close()  # no wait_closed(): on 3.12+ it would wait for the open connections
            self.server = None
        for w in list(self.clients):
            reset(w)

    async def set_mode(self, mode, query):
        if mode == "down":
            self.mode = "down"
            self.stop_listening()
        elif mode in ("pass", "slow", "reset"):
            self.delay_ms = int(query.get("ms", self.delay_ms if mode == "slow" else 0))
            self.reset_p = float(query.get("p", 1.0)) if mode == "reset" else 0.0
            self.mode = mode
            await self.start_listening()
        else:
            raise ValueError(mode)
        print(f"{time.time():.3f} {self.describe()}", flush=True)

    def describe(self):
        return {"slow": f"slow ms={self.delay_ms}", "reset": f"reset p={self.reset_p}"}.get(self.mode, self.mode)

    async def handle(self, cr, cw):
        self.stats["connections"] += 1
        try:
            ur, uw = await asyncio.open_connection(*self.upstream)
        except OSError:
            reset(cw)
            return
        self.clients.add(cw)
        try:
            await asyncio.gather(self.pump_requests(cr, uw), self.pump_answers(ur, cw, uw))
        finally:
            self.clients.discard(cw)
            for w in (cw, uw):
                if not w.is_closing():
                    w.close()

    async def pump_requests(self, cr, uw):
        try:
            while data := await cr.read(65536):
                uw.write(data)
                await uw.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            if not uw.is_closing():
                uw.close()

    async def pump_answers(self, ur, cw, uw):
        # A delay line: each chunk leaves at its arrival time + the delay in force when it arrived.
        line = asyncio.Queue()

        async def writer():
            while True:
                due, data = await line.get()
                if data is None:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if cw.is_closing():
                    break
                cw.write(data)
                self.stats["chunks_relayed"] += 1
                try:
                    await cw.drain()
                except OSError:
                    break

        task = asyncio.create_task(writer())
        try:
            while data := await ur.read(65536):
                if self.mode == "reset" and random.random() < self.reset_p:
                    self.stats["resets"] += 1
                    reset(cw)
                    uw.close()
                    break
                delay = self.delay_ms / 1000 if self.mode == "slow" else 0.0
                if delay:
                    self.stats["delayed"] += 1
                line.put_nowait((time.monotonic() + delay, data))
        except OSError:
            pass
        finally:
            line.put_nowait((0, None))
            await task
            if not cw.is_closing():
                cw.close()


def reset(writer):
    """Closes with SO_LINGER 0: the peer gets a TCP RST, not a FIN."""
    sock = writer.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()


async def control(proxy, reader, writer):
    try:
        line = (await reader.readline()).decode("latin-1")
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass
        target = line.split(" ")[1] if " " in line else "/"
        path, _, qs = target.partition("?")
        query = dict(kv.split("=", 1) for kv in qs.split("&") if "=" in kv)
        if path.startswith("/mode/"):
            await proxy.set_mode(path[len("/mode/"):], query)
            body, status = proxy.describe() + "\n", "200 OK"
        elif path == "/stats":
            body = " ".join(f"{k}={v}" for k, v in proxy.stats.items()) + f" mode={proxy.mode}\n"
            status = "200 OK"
        else:
            body, status = "unknown\n", "404 Not Found"
    except ValueError as e:
        body, status = f"bad request: {e}\n", "400 Bad Request"
    writer.write(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}".encode())
    await writer.drain()
    writer.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", type=int, required=True)
    p.add_argument("--upstream", required=True, help="host:port")
    p.add_argument("--control", type=int, required=True)
    a = p.parse_args()
    host, port = a.upstream.rsplit(":", 1)
    proxy = Proxy(a.listen, host, int(port))
    await proxy.start_listening()
    ctl = await asyncio.start_server(lambda r, w: control(proxy, r, w), "127.0.0.1", a.control)
    print(f"{time.time():.3f} pass", flush=True)
    async with ctl:
        await ctl.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
