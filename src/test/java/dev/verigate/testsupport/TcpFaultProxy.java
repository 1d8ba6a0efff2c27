package dev.verigate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a server (Redis, in tests) whose faults are switched at run time: answers delayed by a
 * fixed time (a slow, not a dead, server: each chunk is held back by the delay from when it arrived, so the delay
 * does not pile up), every open connection cut (a connection lost after the write), and every connection refused
 * (a server that is gone) and let through again. Requests pass at once.
 */
public final class TcpFaultProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile long answerDelayNanos;
    private volatile boolean refusing;
    private volatile boolean closed;

    private TcpFaultProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        startAccepting(server);
    }

    private void startAccepting(ServerSocket listening) {
        Thread acceptor = new Thread(() -> accept(listening), "tcp-fault-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}, listening on a free loopback port. */
    public static TcpFaultProxy to(String host, int port) {
        try {
            return new TcpFaultProxy(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port", e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * A server that is gone: every connection cut, and each new one closed as soon as it is accepted, until
     * {@link #reopen()}. The port itself stays bound: closed, its number could be taken by an outgoing connection
     * as its own local port before {@link #reopen()} (seen in the full suite).
     */
    public void refuse() {
        refusing = true;
        cutConnections();
    }

    /** Connections pass again after {@link #refuse()}. */
    public void reopen() {
        refusing = false;
    }

    /** Every answer from the server reaches the client this much later (0 = at once). */
    public void delayAnswers(long millis) {
        answerDelayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Cuts every open connection (clients see them reset); new ones are accepted as before. */
    public void cutConnections() {
        open.forEach(TcpFaultProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cutConnections();
    }

    private void accept(ServerSocket listening) {
        while (!closed && !listening.isClosed()) {
            try {
                Socket client = listening.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) {
                    sleepQuietly(10);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        DelayQueue<Chunk> line = new DelayQueue<>();
        daemon(() -> {
            byte[] buf = new byte[16 * 1024];
            long due = 0;
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    // Never before an earlier chunk, even when the delay was just lowered: bytes stay in order.
                    due = Math.max(due + 1, System.nanoTime() + (answers ? answerDelayNanos : 0));
                    line.put(new Chunk(Arrays.copyOf(buf, n), due, false));
                }
            } catch (IOException ignored) {
                // cut or closed
            }
            line.put(new Chunk(new byte[0], Math.max(due + 1, System.nanoTime()), true));
            closeQuietly(from);
        });
        daemon(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = line.take();
                    if (c.end()) {
                        break;
                    }
                    out.write(c.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // cut or closed
            }
            closeQuietly(to);
        });
    }

    private record Chunk(byte[] bytes, long dueNanos, boolean end) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Chunk) other).dueNanos);
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "tcp-fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
