package dev.verigate.store.redis;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;

/**
 * Keeps a copy of the options Quarkus built for its default Redis client (hosts, client type, password, TLS,
 * timeouts), so {@link RedisLanes} connect to exactly the same Redis in exactly the same way without reading any
 * {@code quarkus.redis.*} key a second time.
 */
@Singleton
public class RedisOptionsCapture implements RedisOptionsCustomizer {

    private static final String DEFAULT_CLIENT = "<default>";

    private volatile RedisOptions defaults;

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (DEFAULT_CLIENT.equals(clientName)) {
            defaults = new RedisOptions(options);
        }
    }

    /** A copy of the default client's options; fails when Quarkus has not created that client. */
    public RedisOptions defaults() {
        RedisOptions captured = defaults;
        if (captured == null) {
            throw new IllegalStateException("the default Redis client was not configured (quarkus.redis.hosts)");
        }
        return new RedisOptions(captured);
    }
}
