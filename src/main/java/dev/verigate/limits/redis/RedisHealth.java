package dev.verigate.limits.redis;

import io.netty.channel.EventLoopGroup;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether Redis is reachable, decided by proof and never by slowness alone: Redis is down when a connection to
 * it cannot be made, or when it does not answer a probe within {@code store-probe-timeout}. The probe has a
 * connection and an event-loop thread of its own, so requests keeping the gateway's event loops busy (a cold
 * JIT, a burst) cannot make a healthy Redis look dead. A slow decision or a lost connection only asks for a probe. While Redis is down a probe runs every {@code store-retry-after}, and the
 * first that succeeds brings decisions back to Redis.
 */
final class RedisHealth {

    /** What changes when Redis goes down or comes back. */
    interface Listener {
        void down();
    }

    /**
     * Whether Redis itself is too slow for a budget, as the probe's own round trips tell: a decision needs at
     * least one round trip, so a Redis that takes half the budget for a PING leaves it no room.
     */
    enum Pace {
        /** The last probe took half the budget or more, or one has been on its way for that long. */
        SLOW,
        /** A probe answered within half the budget, recently. */
        FAST,
        /** No recent probe: one was started, ask again shortly. */
        UNKNOWN
    }

    private final Vertx vertx;
    private final EventLoopGroup thread;
    private final ContextInternal context;
    private final Redis client;
    private final boolean cluster;
    private final long probeTimeoutMillis;
    private final long retryMillis;
    private final Clock clock;
    private final Listener listener;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long probeSentNanos;
    private volatile long lastRoundTripNanos = -1;
    private volatile long lastAnswerNanos;
    private volatile boolean down;
    private volatile long nextProbeAtMillis;
    private volatile RedisConnection connection;
    private volatile long timer = -1;
    private final String whileDown;

    /**
     * @param whileDown what decisions do while Redis is down, for the log
     * @param listener told when Redis goes down
     */
    RedisHealth(
            Vertx vertx,
            RedisOptions options,
            Duration probeTimeout,
            Duration retryAfter,
            Clock clock,
            String whileDown,
            Listener listener) {
        this.whileDown = whileDown;
        this.vertx = vertx;
        this.cluster = options.getType() == RedisClientType.CLUSTER;
        VertxInternal internal = (VertxInternal) vertx;
        this.thread = internal.transport()
                .eventLoopGroup(
                        Transport.IO_EVENT_LOOP_GROUP,
                        1,
                        r -> VertxThreadFactory.INSTANCE.newVertxThread(
                                r, "verigate-redis-probe", false, 10, TimeUnit.SECONDS),
                        50);
        this.context = internal.createEventLoopContext(thread.next(), null, RedisHealth.class.getClassLoader());
        RedisOptions own =
                new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(4).setPoolName("verigate-limits-probe");
        own.getNetClientOptions().setMetricsName("redis|verigate-limits-probe").setConnectTimeout((int)
                Math.max(1, probeTimeout.toMillis()));
        Redis[] created = new Redis[1];
        context.dispatch(() -> created[0] = Redis.createClient(vertx, own));
        this.client = created[0];
        this.probeTimeoutMillis = Math.max(1, probeTimeout.toMillis());
        this.retryMillis = Math.max(1, retryAfter.toMillis());
        this.clock = clock;
        this.listener = listener;
    }

    boolean down() {
        return down;
    }

    /** Milliseconds until the next probe while down (at least 1), for Retry-After. */
    long millisToNextProbe() {
        return Math.max(1, nextProbeAtMillis - clock.millis());
    }

    /** No connection could be made: Redis is down now (a probe will tell when it is back). */
    void unreachable(Throwable cause) {
        markDown(cause.toString());
    }

    /** Something looked wrong (a slow answer, a lost connection, an error answer): probe, do not judge. */
    void suspect() {
        if (!down) {
            probe();
        }
    }

    /**
     * Is Redis slower than {@code budgetNanos}? Judged by the probe, whose connection and thread are its own, so
     * that a replica too busy to read its answers (a cold JIT, a burst) never blames Redis for it.
     */
    Pace pace(long budgetNanos) {
        long now = System.nanoTime();
        long half = budgetNanos / 2;
        long sent = probeSentNanos;
        if (sent != 0 && now - sent >= half) {
            return Pace.SLOW;
        }
        long rtt = lastRoundTripNanos;
        if (rtt >= 0 && now - lastAnswerNanos < budgetNanos) {
            return rtt >= half ? Pace.SLOW : Pace.FAST;
        }
        probe();
        return Pace.UNKNOWN;
    }

    /** Probes now (on the probe's own thread), unless a probe is already on its way. */
    void probe() {
        if (probing.compareAndSet(false, true)) {
            context.runOnContext(v -> probeHere());
        }
    }

    /** On the probe's thread: the answer and the guard race, the first one decides. */
    private void probeHere() {
        boolean[] settled = new boolean[1];
        long sent = System.nanoTime();
        probeSentNanos = sent;
        long guard = vertx.setTimer(probeTimeoutMillis, t -> {
            if (!settled[0]) {
                settled[0] = true;
                probeEnded(false, "no answer within " + probeTimeoutMillis + " ms");
            }
        });
        ping().onComplete(result -> {
            vertx.cancelTimer(guard);
            long answered = System.nanoTime();
            if (result.succeeded()) {
                lastRoundTripNanos = answered - sent;
                lastAnswerNanos = answered;
            }
            probeSentNanos = 0;
            if (!settled[0]) {
                settled[0] = true;
                probeEnded(result.succeeded(), result.succeeded() ? "" : String.valueOf(result.cause()));
            }
        });
    }

    void close() {
        long t = timer;
        if (t >= 0) {
            vertx.cancelTimer(t);
        }
        context.runOnContext(v -> {
            RedisConnection c = connection;
            if (c != null) {
                c.close();
            }
            client.close();
            thread.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        });
    }

    private Future<Void> ping() {
        RedisConnection c = connection;
        Future<RedisConnection> ready = c != null
                ? Future.succeededFuture(c)
                : client.connect().map(fresh -> {
                    fresh.exceptionHandler(e -> connection = null).endHandler(v -> connection = null);
                    connection = fresh;
                    return fresh;
                });
        Request probe = cluster ? Request.cmd(Command.CLUSTER).arg("INFO") : Request.cmd(Command.PING);
        return ready.compose(conn -> conn.send(probe).compose(this::check));
    }

    private Future<Void> check(Response answer) {
        if (cluster && !answer.toString().contains("cluster_state:ok")) {
            return Future.failedFuture("cluster_state is not ok");
        }
        return Future.succeededFuture();
    }

    private void probeEnded(boolean ok, String why) {
        probing.set(false);
        if (!ok) {
            probeSentNanos = 0;
        }
        if (ok) {
            markUp();
        } else {
            RedisConnection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
            markDown(why);
        }
    }

    private synchronized void markDown(String why) {
        nextProbeAtMillis = clock.millis() + retryMillis;
        if (down) {
            return;
        }
        down = true;
        Log.warnf(
                "Redis is unreachable (%s): limit decisions %s until a probe succeeds (one every %d ms)",
                why, whileDown, retryMillis);
        listener.down();
        context.runOnContext(v -> timer = vertx.setPeriodic(retryMillis, retryMillis, t -> {
            if (!down) {
                vertx.cancelTimer(t);
                return;
            }
            nextProbeAtMillis = clock.millis() + retryMillis;
            probe();
        }));
    }

    private synchronized void markUp() {
        if (!down) {
            return;
        }
        down = false;
        Log.infof("Redis answers again: limit decisions are back on Redis");
    }

    static long toSeconds(long millis) {
        return Math.max(1, TimeUnit.MILLISECONDS.toSeconds(millis + 999));
    }
}
