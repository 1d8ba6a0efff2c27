package dev.verigate.limits;

import dev.verigate.model.SinchException;
import dev.verigate.store.StoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The primary bucket store (Redis, or local for {@code verigate.store=local}) and the per-replica
 * fallback. When Redis fails, decisions skip it for {@code store-retry-after} and then try it again,
 * so recovery needs nobody; meanwhile fail-open decides on local buckets, fail-closed answers 503.
 */
@Singleton
class LimitStores {

    /** The start-up warm-up's own bucket: no request's rule ever uses it, and it expires seconds after. */
    static final Rule WARM_UP = Rule.of("warm-up", "vg:warm-up",
            List.of(new Rate(1_000_000, Duration.ofSeconds(1))), false, "");
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(3);

    private final Buckets primary;
    private final Buckets fallback;
    private final boolean failOpen;
    private final long retryAfterMillis;
    private final Clock clock;
    private final Counter fallbacks;
    private final RedisPipeline pipeline;
    private volatile long primaryDownUntil;

    @Inject
    LimitStores(StoreConfig store, LimitsConfig config, Instance<Redis> redis, Clock clock, MeterRegistry meters) {
        this(store.kind() == StoreConfig.Kind.REDIS ? new RedisPipeline(redis.get()) : null, config, clock, meters);
    }

    /** Over a given Redis pipeline (another replica, in tests), or local only when it is null. */
    LimitStores(RedisPipeline pipeline, LimitsConfig config, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.failOpen = config.onStoreFailure() == LimitsConfig.OnStoreFailure.FAIL_OPEN;
        this.retryAfterMillis = config.storeRetryAfter().toMillis();
        this.pipeline = pipeline;
        this.fallback = new Buckets(new LocalCasStore(config.maxCachedKeys()), config.maxCachedKeys(),
                config.storeTimeout());
        this.primary = pipeline == null ? fallback
                : new Buckets(new RedisCasStore(pipeline), config.maxCachedKeys(), config.storeTimeout());
        this.fallbacks = Counter.builder("verigate.limits.store.fallbacks")
                .description("Limit decisions made on per-replica buckets because Redis failed").register(meters);
        if (pipeline != null) {
            FunctionCounter.builder("verigate.limits.redis.round.trips", pipeline, RedisPipeline::roundTrips)
                    .description("Network round trips to Redis made by limit decisions").register(meters);
            FunctionCounter.builder("verigate.limits.redis.commands", pipeline, RedisPipeline::commands)
                    .description("Redis commands sent by limit decisions").register(meters);
        }
    }

    /**
     * Before the port opens, one decision through Redis on a bucket of its own. Then the pooled connection,
     * the Redis client and the decision code are ready, so the first requests after a (re)start do not miss
     * {@code store-timeout} on a cold JVM and fall back to per-replica buckets (seen in about 1 of 13 cold
     * starts without the AOT cache). A Redis that fails only costs a line in the log and at most
     * {@link #WARM_UP_WAIT} of boot: requests then try it on their own.
     */
    void warmUp(@Observes StartupEvent event) {
        if (pipeline == null) {
            return;
        }
        try {
            primary.tryConsume(WARM_UP).await().atMost(WARM_UP_WAIT);
        } catch (RuntimeException e) {
            Log.infof("The start-up limit decision through Redis did not complete (%s); requests will try Redis"
                    + " themselves", e.toString());
        }
    }

    /** The Redis pipeline decisions use (its counters), or null with the local store. */
    RedisPipeline pipeline() {
        return pipeline;
    }

    /** Runs a decision on the primary store, falling back (or refusing) when the store fails. */
    <T> Uni<T> run(Function<Buckets, Uni<T>> decision) {
        if (primary == fallback || clock.millis() >= primaryDownUntil) {
            return Uni.createFrom().deferred(() -> decision.apply(primary))
                    .onFailure(f -> !(f instanceof SinchException)).recoverWithUni(f -> {
                        primaryDown(f);
                        return degraded(decision);
                    });
        }
        return degraded(decision);
    }

    /** True while decisions skip Redis. */
    boolean degraded() {
        return primary != fallback && clock.millis() < primaryDownUntil;
    }

    private <T> Uni<T> degraded(Function<Buckets, Uni<T>> decision) {
        if (!failOpen) {
            return Uni.createFrom().failure(new SinchException(503, 50300,
                    "Rate limits are unavailable, please try again later.",
                    java.util.Map.of("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)))));
        }
        fallbacks.increment();
        return Uni.createFrom().deferred(() -> decision.apply(fallback));
    }

    private void primaryDown(Throwable failure) {
        boolean wasUp = clock.millis() >= primaryDownUntil;
        primaryDownUntil = clock.millis() + retryAfterMillis;
        if (wasUp) {
            Log.warnf("Redis failed during a limit decision (%s); %s for %d ms, then retrying Redis",
                    failure.toString(), failOpen ? "using per-replica buckets" : "refusing with 503", retryAfterMillis);
        }
    }
}
