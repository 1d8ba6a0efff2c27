package dev.verigate.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import dev.verigate.support.Throttled;
import io.vertx.mutiny.redis.client.Command;
import java.time.Duration;
import java.util.Optional;

/** Redis-backed store over the Quarkus-managed Mutiny client; every write sets a PX expiry. */
final class RedisGatewayStore implements GatewayStore {

    private final Redis redis;
    private final Throttled failures = new Throttled(java.time.Duration.ofSeconds(10));

    RedisGatewayStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return send(Request.cmd(Command.GET).arg(key))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toString()));
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis(ttl))).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> setIfAbsent(String key, String value, Duration ttl) {
        return send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis(ttl)).arg("NX"))
                .map(r -> r != null);
    }

    @Override
    public Uni<Void> delete(String key) {
        return send(Request.cmd(Command.DEL).arg(key)).replaceWithVoid();
    }

    /** A Redis failure becomes a 503 for the app; the cause goes to the log (it holds no secret). */
    private Uni<Response> send(Request request) {
        return redis.send(request).onFailure().transform(f -> {
            failures.warn("Gateway store (Redis) failed: %s", f.toString());
            return new StoreUnavailable();
        });
    }

    private static long ttlMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
