package dev.verigate.store.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * This replica's Redis connections for the request path ({@link RedisLanes}), shared by the limits and the
 * gateway store, so a start's limit decision and its ownership records leave in the same pipelined writes on the
 * request's own event loop. Made with the options Quarkus built for its default client, and only when a Redis
 * backend is chosen: {@code backends.StoreBackends} is the one that asks for them.
 */
@Singleton
public class RedisConnections {

    private final RedisLanes lanes;
    private final RedisOptions options;

    RedisConnections(Instance<Redis> redis, Instance<RedisOptionsCapture> capture, Vertx vertx, MeterRegistry meters) {
        redis.get(); // Quarkus builds its client (and shows us its options) on first use
        this.options = capture.get().defaults();
        this.lanes = new RedisLanes(vertx, options);
        FunctionCounter.builder("verigate.redis.round.trips", lanes, RedisLanes::roundTrips)
                .description("Writes to Redis on the request path (limit decisions and gateway records)")
                .register(meters);
        FunctionCounter.builder("verigate.redis.commands", lanes, RedisLanes::commands)
                .description("Redis commands sent on the request path")
                .register(meters);
    }

    public RedisLanes lanes() {
        return lanes;
    }

    /** A copy of the Redis client options (for connections of one's own, such as a probe). */
    public RedisOptions options() {
        return new RedisOptions(options);
    }

    /** Only if they were made: with the local store nobody asked for them. */
    void close(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        lanes.close();
    }
}
