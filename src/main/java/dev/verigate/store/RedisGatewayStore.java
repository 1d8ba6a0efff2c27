package dev.verigate.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Command;
import java.time.Duration;
import java.util.Optional;

/** Redis-backed store over the Quarkus-managed Mutiny client; every write sets a PX expiry. */
final class RedisGatewayStore implements GatewayStore {

    private final Redis redis;

    RedisGatewayStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return redis.send(Request.cmd(Command.GET).arg(key))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toString()));
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis(ttl)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Boolean> setIfAbsent(String key, String value, Duration ttl) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis(ttl)).arg("NX"))
                .map(r -> r != null);
    }

    @Override
    public Uni<Void> delete(String key) {
        return redis.send(Request.cmd(Command.DEL).arg(key)).replaceWithVoid();
    }

    private static long ttlMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
