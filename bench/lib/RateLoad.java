import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Constant-rate (open-loop) HTTP/1.1 load generator for the bench harness, run with the JDK source launcher:
 *
 * <pre>
 *   java bench/lib/RateLoad.java --url http://127.0.0.1:8080/verification/v1/verifications \
 *       --requests signed.req --rate 1000 --warmup 5 --duration 30 --connections 64 [--interval 10]
 * </pre>
 *
 * <p>Why not wrk: wrk is closed-loop (each connection waits for its answer before sending the next request), so a
 * server that stalls simply receives fewer requests and the stall hardly shows in the percentiles ("coordinated
 * omission"). wrk2, which fixes that, cannot be built here. This program sends request {@code i} at
 * {@code start + i / rate} whatever happened before, and measures each latency from that <em>intended</em> send
 * time: a request that had to wait for a free connection (because the server was slow) carries the wait in its
 * latency, as a real client arriving at that moment would.
 *
 * <p>Requests are the lines of {@code lib/sign_requests.py} ({@code Authorization \t x-timestamp \t body}), all
 * POSTed to the URL's path, in order; the file wraps when it is shorter than the run (counted in {@code wraps}).
 * A fixed set of keep-alive connections carries them, one request in flight per connection (no pipelining): a
 * sender thread keeps the schedule with {@code parkNanos}, a reader thread waits on a selector for the answers, and
 * whichever frees a connection hands it the oldest due request. No dependencies beyond the JDK.
 *
 * <p>Prints one {@code RATE key=value ...} line at the end (count, statuses, errors, achieved rate,
 * p50/p90/p99/p99.9/max in microseconds, and the generator's own send lag: how late after its intended time a
 * request actually left while a connection was free), and with {@code --interval S} one {@code INTERVAL} line per S
 * seconds of the measured phase. The first {@code --warmup} seconds run at the same rate and are not measured.
 */
public final class RateLoad {

    private final String host;
    private final int port;
    private final byte[][] requests;
    private final double rate;
    private final long warmupCount;
    private final long totalCount;
    private final long timeoutNanos;
    private final long intervalNanos;

    private final Object lock = new Object();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final List<Conn> conns = new ArrayList<>();
    private final Selector selector;
    private volatile boolean stopping;

    // Everything below is guarded by lock.
    private long dueCount;
    private long nextIndex;
    private long wraps;
    private final LongList latencies = new LongList();
    private final LongList sendLags = new LongList();
    private final TreeMap<Integer, Long> statuses = new TreeMap<>();
    private long ioErrors;
    private long reconnects;
    private LongList intervalLatencies = new LongList();
    private final TreeMap<Integer, Long> intervalStatuses = new TreeMap<>();
    private long intervalErrors;

    private RateLoad(URI url, byte[][] requests, double rate, double warmupSeconds, double durationSeconds,
                     double timeoutSeconds, double intervalSeconds) throws IOException {
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : 80;
        this.requests = requests;
        this.rate = rate;
        this.warmupCount = (long) Math.floor(warmupSeconds * rate);
        this.totalCount = warmupCount + (long) Math.floor(durationSeconds * rate);
        this.timeoutNanos = (long) (timeoutSeconds * 1e9);
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        String url = null, file = null;
        double rate = 0, warmup = 0, duration = 0, timeout = 5, interval = 0;
        int connections = 64;
        String cpu = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--url" -> url = v;
                case "--requests" -> file = v;
                case "--rate" -> rate = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--timeout" -> timeout = Double.parseDouble(v);
                case "--interval" -> interval = Double.parseDouble(v);
                case "--cpu" -> cpu = v;
                default -> usage("unknown argument " + a);
            }
            i++;
        }
        if (url == null || file == null || rate <= 0 || duration <= 0 || connections <= 0) {
            usage("--url, --requests, --rate and --duration are required");
        }
        URI uri = URI.create(url);
        byte[][] requests = load(Path.of(file), uri);
        Engine engine = new Engine(new RateLoad(uri, requests, rate, warmup, duration, timeout, interval));
        engine.run(connections, duration, cpu == null ? new String[0] : cpu.split(","));
    }

    private static void usage(String why) {
        System.err.println("RateLoad: " + why);
        System.err.println("usage: java RateLoad.java --url URL --requests FILE --rate PER_SECOND --duration S"
                + " [--warmup S] [--connections N] [--timeout S] [--interval S] [--cpu name=pid,...]");
        System.exit(2);
    }

    /** The request lines as complete HTTP/1.1 requests, built once so that sending is a single write. */
    private static byte[][] load(Path file, URI url) throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String hostHeader = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 3);
                if (f.length != 3) {
                    throw new IOException("not an 'auth<TAB>timestamp<TAB>body' line: " + out.size());
                }
                byte[] body = f[2].getBytes(StandardCharsets.UTF_8);
                String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nContent-Type: application/json\r\nx-timestamp: " + f[1]
                        + "\r\nAuthorization: " + f[0] + "\r\nContent-Length: " + body.length + "\r\n\r\n";
                byte[] h = head.getBytes(StandardCharsets.US_ASCII);
                byte[] req = Arrays.copyOf(h, h.length + body.length);
                System.arraycopy(body, 0, req, h.length, body.length);
                out.add(req);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no requests in " + file);
        }
        return out.toArray(new byte[0][]);
    }

    /** The run: the connections, the schedule kept by the calling thread, and the reader thread. */
    private static final class Engine {
        private final RateLoad s;
        private long start;

        Engine(RateLoad s) {
            this.s = s;
        }

        long intended(long index) {
            return start + (long) (index * 1e9 / s.rate);
        }

        void run(int connections, double durationSeconds, String[] cpuPids) throws Exception {
            for (int i = 0; i < connections; i++) {
                Conn c = new Conn();
                connect(c);
                s.conns.add(c);
                s.idle.add(c);
            }
            Thread reader = new Thread(this::readLoop, "rateload-reader");
            reader.setDaemon(true);
            start = System.nanoTime() + 20_000_000L; // connections are up; first request in 20 ms
            reader.start();

            long end = intended(s.totalCount);
            long measuredStart = intended(s.warmupCount);
            CpuWindow cpu = new CpuWindow(cpuPids, measuredStart, end);
            if (cpuPids.length > 0) {
                cpu.start();
            }
            long nextInterval = s.intervalNanos > 0 ? measuredStart + s.intervalNanos : Long.MAX_VALUE;
            int intervalNo = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextInterval) {
                    intervalNo++;
                    printInterval(intervalNo, s.intervalNanos / 1e9);
                    nextInterval += s.intervalNanos;
                    continue;
                }
                long due = now < start ? 0 : Math.min(s.totalCount, (long) Math.floor((now - start) * s.rate / 1e9) + 1);
                synchronized (s.lock) {
                    s.dueCount = due;
                    dispatch(now);
                }
                if (due >= s.totalCount) {
                    break;
                }
                long wake = Math.min(intended(due), nextInterval);
                long wait = wake - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            // Every request is due: wait for the backlog to be sent and answered, at most the timeout after the end.
            long deadline = Math.max(end, System.nanoTime()) + s.timeoutNanos;
            while (System.nanoTime() < deadline) {
                synchronized (s.lock) {
                    if (s.nextIndex >= s.totalCount && s.idle.size() == s.conns.size()) {
                        break;
                    }
                }
                if (System.nanoTime() >= nextInterval) {
                    intervalNo++;
                    printInterval(intervalNo, s.intervalNanos / 1e9);
                    nextInterval += s.intervalNanos;
                }
                LockSupport.parkNanos(1_000_000L);
            }
            long finished = System.nanoTime();
            s.stopping = true;
            s.selector.wakeup();
            reader.join(2000);
            synchronized (s.lock) {
                if (s.intervalNanos > 0 && !s.intervalLatencies.isEmpty()) {
                    intervalNo++;
                    printInterval(intervalNo, (finished - (nextInterval - s.intervalNanos)) / 1e9);
                }
                report(durationSeconds, measuredStart, finished);
            }
            if (cpuPids.length > 0) {
                cpu.join(2000);
                System.out.println(cpu.result());
            }
        }

        /** Hands due requests to free connections, oldest first. Called with the lock held. */
        void dispatch(long now) {
            while (s.nextIndex < s.dueCount && !s.idle.isEmpty()) {
                Conn c = s.idle.poll();
                long index = s.nextIndex++;
                int line = (int) (index % s.requests.length);
                if (line == 0 && index > 0) {
                    s.wraps++;
                }
                c.intended = intended(index);
                c.measured = index >= s.warmupCount;
                c.busy = true;
                long sentAt = System.nanoTime();
                if (c.measured) {
                    // Lag of the generator itself: only meaningful when a connection was free at the intended time,
                    // which is the case whenever the request was due no earlier than this wake-up.
                    long lag = sentAt - c.intended;
                    if (lag >= 0 && c.intended >= now - 1_000_000L) {
                        s.sendLags.add(lag);
                    }
                }
                try {
                    ByteBuffer b = ByteBuffer.wrap(s.requests[line]);
                    int spins = 0;
                    while (b.hasRemaining()) {
                        if (c.ch.write(b) == 0 && ++spins > 1_000_000) {
                            throw new IOException("send buffer full");
                        }
                    }
                } catch (IOException e) {
                    failed(c);
                }
            }
        }

        /** An I/O failure on a connection: its request counts as an error; the connection is replaced. */
        void failed(Conn c) {
            if (c.busy) {
                s.ioErrors++;
                if (c.measured) {
                    s.intervalErrors++;
                }
            }
            c.busy = false;
            reconnect(c);
        }

        void connect(Conn c) throws IOException {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(s.host, s.port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            c.ch = ch;
            c.len = 0;
            c.headerEnd = -1;
            c.need = -1;
            ch.register(s.selector, SelectionKey.OP_READ, c);
            s.selector.wakeup();
        }

        void readLoop() {
            try {
                while (!s.stopping) {
                    s.selector.select();
                    var it = s.selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        if (k.isValid() && k.isReadable()) {
                            read(c);
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("RateLoad: selector failed: " + e);
            }
        }

        void read(Conn c) {
            int n;
            try {
                if (c.len == c.buf.length) {
                    c.buf = Arrays.copyOf(c.buf, c.buf.length * 2);
                }
                n = c.ch.read(ByteBuffer.wrap(c.buf, c.len, c.buf.length - c.len));
            } catch (IOException e) {
                n = -1;
            }
            long now = System.nanoTime();
            if (n < 0) {
                synchronized (s.lock) {
                    failed(c);
                    dispatch(now);
                }
                return;
            }
            c.len += n;
            while (true) {
                int status = c.parse();
                if (status == 0) {
                    return;
                }
                synchronized (s.lock) {
                    if (!c.busy) {
                        continue; // an answer nobody asked for: ignore
                    }
                    c.busy = false;
                    long latency = now - c.intended;
                    if (c.measured) {
                        s.latencies.add(latency);
                        s.statuses.merge(status, 1L, Long::sum);
                        s.intervalLatencies.add(latency);
                        s.intervalStatuses.merge(status, 1L, Long::sum);
                    }
                    if (c.closeAfter) {
                        failedQuietly(c);
                    } else {
                        s.idle.add(c);
                    }
                    dispatch(now);
                }
                if (c.len == 0) {
                    return;
                }
            }
        }

        /** The server announced Connection: close: reconnect without counting an error. */
        void failedQuietly(Conn c) {
            reconnect(c);
        }

        /** Closes the connection and opens a new one in its place, back among the idle ones. */
        void reconnect(Conn c) {
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // closing a broken or closing connection
            }
            try {
                connect(c);
                s.reconnects++;
                s.idle.add(c);
            } catch (IOException e) {
                System.err.println("RateLoad: reconnect failed: " + e);
            }
        }

        void printInterval(int no, double seconds) {
            LongList l;
            String st;
            long errors;
            synchronized (s.lock) {
                l = s.intervalLatencies;
                s.intervalLatencies = new LongList();
                st = statusString(s.intervalStatuses);
                s.intervalStatuses.clear();
                errors = s.intervalErrors;
                s.intervalErrors = 0;
            }
            long[] a = l.sorted();
            System.out.printf(Locale.ROOT, "INTERVAL n=%d seconds=%.1f count=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d err_io=%d%s%n",
                    no, seconds, a.length, a.length / seconds, pct(a, 0.50), pct(a, 0.99),
                    a.length == 0 ? 0 : a[a.length - 1] / 1000, errors, st);
            System.out.flush();
        }

        void report(double durationSeconds, long measuredStart, long finished) {
            long[] a = s.latencies.sorted();
            long[] lag = s.sendLags.sorted();
            long inFlight = 0;
            for (Conn c : s.conns) {
                if (c.busy && c.measured) {
                    inFlight++;
                }
            }
            long unsent = s.totalCount - s.nextIndex;
            System.out.printf(Locale.ROOT,
                    "RATE target_rps=%.1f duration_s=%.1f connections=%d scheduled=%d answered=%d rps=%.1f"
                            + " p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d err_io=%d timeouts=%d unsent=%d"
                            + " reconnects=%d wraps=%d lag_p50_us=%d lag_p99_us=%d lag_max_us=%d drain_ms=%d%s%n",
                    s.rate, durationSeconds, s.conns.size(), s.totalCount - s.warmupCount, a.length,
                    a.length / durationSeconds, pct(a, 0.50), pct(a, 0.90), pct(a, 0.99), pct(a, 0.999),
                    a.length == 0 ? 0 : a[a.length - 1] / 1000, s.ioErrors, inFlight, unsent, s.reconnects, s.wraps,
                    pct(lag, 0.50), pct(lag, 0.99), lag.length == 0 ? 0 : lag[lag.length - 1] / 1000,
                    Math.max(0, (finished - intended(s.totalCount)) / 1_000_000), statusString(s.statuses));
            System.out.flush();
        }
    }

    /**
     * CPU used during the measured window by named processes (each with its direct children, e.g. nginx's workers),
     * by this generator ({@code self}), by the whole machine ({@code busy}) and by everything else ({@code other}),
     * in cores, from /proc (like lib/cpu.py). Snapshots are taken by this thread at the window's two ends, so the
     * /proc scans never delay a send.
     */
    private static final class CpuWindow extends Thread {
        private final String[] names;
        private final long[] pids;
        private final long from;
        private final long to;
        private long[] a;
        private long[] b;

        CpuWindow(String[] spec, long from, long to) {
            super("rateload-cpu");
            setDaemon(true);
            names = new String[spec.length + 1];
            pids = new long[spec.length + 1];
            for (int i = 0; i < spec.length; i++) {
                String[] kv = spec[i].split("=", 2);
                names[i] = kv[0];
                pids[i] = Long.parseLong(kv[1]);
            }
            names[spec.length] = "self";
            pids[spec.length] = ProcessHandle.current().pid();
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            sleepUntil(from);
            a = snapshot();
            sleepUntil(to);
            b = snapshot();
        }

        private static void sleepUntil(long t) {
            long w;
            while ((w = t - System.nanoTime()) > 0) {
                LockSupport.parkNanos(w);
            }
        }

        /** Ticks per named process (with children), then busy and all ticks of the machine. */
        private long[] snapshot() {
            java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
            java.util.Map<Long, Long> parent = new java.util.HashMap<>();
            java.io.File[] procs = new java.io.File("/proc").listFiles();
            if (procs != null) {
                for (java.io.File f : procs) {
                    String n = f.getName();
                    if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                        continue;
                    }
                    try {
                        String st = Files.readString(Path.of("/proc", n, "stat"));
                        String[] x = st.substring(st.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(n);
                        parent.put(pid, Long.parseLong(x[1]));
                        ticks.put(pid, Long.parseLong(x[11]) + Long.parseLong(x[12]));
                    } catch (IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                }
            }
            long[] out = new long[pids.length + 2];
            for (int i = 0; i < pids.length; i++) {
                long sum = ticks.getOrDefault(pids[i], 0L);
                for (var e : parent.entrySet()) {
                    if (e.getValue() == pids[i]) {
                        sum += ticks.getOrDefault(e.getKey(), 0L);
                    }
                }
                out[i] = sum;
            }
            try {
                String[] v = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long all = 0;
                for (int i = 1; i <= 8 && i < v.length; i++) {
                    all += Long.parseLong(v[i]);
                }
                out[pids.length] = all - Long.parseLong(v[4]) - Long.parseLong(v[5]);
                out[pids.length + 1] = all;
            } catch (IOException e) {
                // no /proc/stat: zeros
            }
            return out;
        }

        String result() {
            if (a == null || b == null) {
                return "CPU unavailable";
            }
            long cores;
            try {
                cores = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            } catch (IOException e) {
                cores = Runtime.getRuntime().availableProcessors();
            }
            double wall = (b[pids.length + 1] - a[pids.length + 1]) / (double) cores;
            if (wall <= 0) {
                return "CPU unavailable";
            }
            StringBuilder s = new StringBuilder("CPU cores=" + cores);
            double ours = 0;
            for (int i = 0; i < pids.length; i++) {
                double c = (b[i] - a[i]) / wall;
                ours += c;
                s.append(String.format(Locale.ROOT, " %s=%.3f", names[i], c));
            }
            double busy = (b[pids.length] - a[pids.length]) / wall;
            s.append(String.format(Locale.ROOT, " busy=%.3f other=%.3f", busy, Math.max(0, busy - ours)));
            return s.toString();
        }
    }

    private static String statusString(TreeMap<Integer, Long> statuses) {
        StringBuilder b = new StringBuilder();
        statuses.forEach((k, v) -> b.append(" status_").append(k).append('=').append(v));
        return b.toString();
    }

    /** Percentile in microseconds: the smallest value at or above the q-th fraction of the sorted values. */
    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000;
    }

    /** One keep-alive connection and the answer being read on it. */
    private static final class Conn {
        SocketChannel ch;
        long intended;
        boolean measured;
        boolean busy;
        boolean closeAfter;
        byte[] buf = new byte[16384];
        int len;
        int headerEnd = -1;
        int need = -1;
        int status;
        boolean chunked;

        /** The status of a complete answer at the start of buf (which is then consumed), or 0 if incomplete. */
        int parse() {
            if (headerEnd < 0) {
                for (int i = 3; i < len; i++) {
                    if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                        headerEnd = i + 1;
                        break;
                    }
                }
                if (headerEnd < 0) {
                    return 0;
                }
                String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
                status = Integer.parseInt(head.substring(9, 12));
                String lower = head.toLowerCase(Locale.ROOT);
                int cl = lower.indexOf("\r\ncontent-length:");
                chunked = lower.contains("\r\ntransfer-encoding: chunked");
                closeAfter = lower.contains("\r\nconnection: close");
                if (cl >= 0) {
                    int e = lower.indexOf('\r', cl + 2);
                    need = Integer.parseInt(lower.substring(cl + 17, e).trim());
                } else {
                    need = chunked ? -1 : 0;
                }
            }
            int total;
            if (need >= 0) {
                total = headerEnd + need;
                if (len < total) {
                    return 0;
                }
            } else {
                // Chunked: complete at the zero-length chunk "0\r\n\r\n" (no trailers expected).
                total = -1;
                for (int i = headerEnd; i + 4 < len; i++) {
                    if (buf[i] == '0' && (i == headerEnd || buf[i - 1] == '\n')
                            && buf[i + 1] == '\r' && buf[i + 2] == '\n' && buf[i + 3] == '\r' && buf[i + 4] == '\n') {
                        total = i + 5;
                        break;
                    }
                }
                if (total < 0) {
                    return 0;
                }
            }
            System.arraycopy(buf, total, buf, 0, len - total);
            len -= total;
            headerEnd = -1;
            need = -1;
            return status;
        }
    }

    /** A growable list of longs (latencies in nanoseconds). */
    private static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        boolean isEmpty() {
            return n == 0;
        }

        long[] sorted() {
            long[] c = Arrays.copyOf(a, n);
            Arrays.sort(c);
            return c;
        }
    }
}
