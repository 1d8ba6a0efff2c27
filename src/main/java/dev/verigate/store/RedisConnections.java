package dev.verigate.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * This replica's Redis connections for the request path ({@link RedisLanes}), shared by the limits and the
 * gateway store, so a start's limit decision and its ownership records leave in the same pipelined writes on the
 * request's own event loop. Made with the options Quarkus built for its default client; absent with
 * {@code verigate.store=local}.
 */
@Singleton
public class RedisConnections {

    private final RedisLanes lanes;
    private final RedisOptions options;

    RedisConnections(
            StoreConfig config,
            Instance<Redis> redis,
            Instance<RedisOptionsCapture> capture,
            Vertx vertx,
            MeterRegistry meters) {
        if (config.kind() == StoreConfig.Kind.REDIS) {
            redis.get(); // Quarkus builds its client (and shows us its options) on first use
            this.options = capture.get().defaults();
            this.lanes = new RedisLanes(vertx, options);
            FunctionCounter.builder("verigate.redis.round.trips", lanes, RedisLanes::roundTrips)
                    .description("Writes to Redis on the request path (limit decisions and gateway records)")
                    .register(meters);
            FunctionCounter.builder("verigate.redis.commands", lanes, RedisLanes::commands)
                    .description("Redis commands sent on the request path")
                    .register(meters);
        } else {
            this.options = null;
            this.lanes = null;
        }
    }

    /** The lanes, or null with the local store. */
    public RedisLanes lanes() {
        return lanes;
    }

    /** A copy of the Redis client options (for connections of one's own, such as a probe), or null. */
    public RedisOptions options() {
        return options == null ? null : new RedisOptions(options);
    }

    void close(@Observes ShutdownEvent event) {
        if (lanes != null) {
            lanes.close();
        }
    }
}
