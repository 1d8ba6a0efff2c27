package dev.verigate.store.redis;

import dev.verigate.store.GatewayStore;
import dev.verigate.support.Throttled;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway store in Redis, through this replica's {@link RedisLanes}: its commands join the limit decisions'
 * pipelined writes on the request's own event loop. Every write sets a PX expiry; every command is bounded in
 * time.
 */
public final class RedisGatewayStore implements GatewayStore {

    private final RedisLanes lanes;
    private final Duration timeout;
    private final Throttled failures = new Throttled(Duration.ofSeconds(10));

    /** @param timeout how long one command may wait for Redis ({@code verigate.store.timeout}) */
    public RedisGatewayStore(RedisLanes lanes, Duration timeout) {
        this.lanes = lanes;
        this.timeout = timeout;
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return send(key, Request.cmd(Command.GET).arg(key))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toString()));
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return send(key, Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis(ttl)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Boolean> setIfAbsent(String key, String value, Duration ttl) {
        return send(
                        key,
                        Request.cmd(Command.SET)
                                .arg(key)
                                .arg(value)
                                .arg("PX")
                                .arg(ttlMillis(ttl))
                                .arg("NX"))
                .map(r -> r != null);
    }

    @Override
    public Uni<Void> delete(String key) {
        return send(key, Request.cmd(Command.DEL).arg(key)).replaceWithVoid();
    }

    /**
     * A Redis failure, or no answer within {@code verigate.store.timeout} (timed on this event loop), becomes a
     * 503 for the app; the cause goes to the log (it holds no secret).
     */
    private Uni<Response> send(String key, Request request) {
        return lanes.send(key, request)
                .ifNoItem()
                .after(timeout)
                .on(lanes.timerLoop())
                .failWith(() -> new IllegalStateException("no answer from Redis within " + timeout))
                .onFailure()
                .transform(f -> {
                    failures.warn("Gateway store (Redis) failed: %s", f.toString());
                    return new StoreUnavailable();
                });
    }

    private static long ttlMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
