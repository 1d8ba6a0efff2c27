package dev.verigate.limits.redis;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.UUID;

/**
 * How many replicas share the limits, counted while Redis is up: every replica writes a heartbeat into one
 * sorted set ({@code vg:replicas}, one key, so one cluster slot) and reads how many beat within the last three
 * intervals. The last count survives a Redis outage; it is what each replica divides the limits by when it has
 * to decide on its own (fail-open), so the replicas together stay near the configured limit.
 */
final class ReplicaCensus {

    static final String KEY = "vg:replicas";

    private static final byte[] BEAT = LuaScripts.load("census-beat");

    private final Redis redis;
    private final String member = UUID.randomUUID().toString();
    private final long staleMillis;
    private final Duration timeout;
    private volatile int live;

    /**
     * @param assumed the count used until the first heartbeat succeeds (a replica started while Redis is down)
     */
    ReplicaCensus(Redis redis, Duration interval, Duration timeout, int assumed) {
        this.redis = redis;
        this.staleMillis = Math.max(1, interval.toMillis() * 3);
        this.timeout = timeout;
        this.live = Math.max(1, assumed);
    }

    /** Replicas sharing the limits: the last count, at least 1. */
    int live() {
        return live;
    }

    /** One heartbeat: true when it counted; a failure keeps the last count. */
    Uni<Boolean> beat() {
        return redis.send(Request.cmd(Command.EVAL)
                        .arg(BEAT)
                        .arg(1)
                        .arg(KEY)
                        .arg(member)
                        .arg(staleMillis))
                .ifNoItem()
                .after(timeout)
                .fail()
                .map(count -> {
                    live = Math.max(1, count.toInteger());
                    return true;
                })
                .onFailure()
                .invoke(f -> Log.debugf("Replica heartbeat failed: %s", f.toString()))
                .onFailure()
                .recoverWithItem(false);
    }

    /** Leaves the census (graceful shutdown), so the others count one fewer at once. */
    Uni<Void> leave() {
        return redis.send(Request.cmd(Command.ZREM).arg(KEY).arg(member))
                .ifNoItem()
                .after(timeout)
                .fail()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
