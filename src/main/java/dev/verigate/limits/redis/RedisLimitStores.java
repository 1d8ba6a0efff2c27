package dev.verigate.limits.redis;

import dev.verigate.limits.Buckets;
import dev.verigate.limits.CasStore;
import dev.verigate.limits.LimitStores;
import dev.verigate.limits.LimitsConfig;
import dev.verigate.limits.Permit;
import dev.verigate.model.SinchException;
import dev.verigate.store.WriteBehind;
import dev.verigate.store.redis.RedisConnections;
import dev.verigate.store.redis.RedisLanes;
import dev.verigate.store.redis.StoreFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Limit decisions on Redis (shared by every replica), with this replica's own buckets as the fallback.
 *
 * <ul>
 * <li>Redis up: each decision runs on Redis within {@code store-timeout}, counted from its first write. One
 * that runs out of time is answered 503/50300 for that request alone and reconciled when Redis answers
 * ({@link TimedDecision}); a lost connection or an error answer also costs only that request a 503. None of
 * these moves the replica off Redis, and none decides again on local buckets (it could count twice).
 * <li>Redis down ({@link RedisHealth}: no connection, or no answer to a probe): fail-open decides on per-replica
 * buckets holding 1/n of every limit (n = the replicas last counted, {@link ReplicaCensus}); fail-closed
 * answers 503. Probes bring decisions back to Redis by themselves.
 * <li>At most {@code max-in-flight} decisions wait on Redis at once; beyond that, 503 at once.
 * </ul>
 */
public final class RedisLimitStores implements LimitStores {

    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(3);

    private final Buckets primary;
    private final Buckets fallback;
    private final RedisLanes lanes;
    private final RedisHealth health;
    private final ReplicaCensus census;
    private final boolean failOpen;
    private final long budgetNanos;
    private final int maxInFlight;
    private final Duration heartbeat;
    private final Duration effectTimeout;
    private final boolean ownsLanes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter fallbacks;
    private final Counter expired;
    private final Counter overloaded;
    private final Counter reconciled;
    private final Counter unknown;
    private final Counter refused;
    private final Vertx vertx;
    private final WriteBehind later;
    private volatile long heartbeatTimer = -1;

    /**
     * Over this replica's Redis connections (shared with the gateway store).
     *
     * @param fallback where the per-replica buckets live while Redis is down
     */
    public RedisLimitStores(
            Vertx vertx,
            RedisConnections connections,
            Redis redis,
            CasStore fallback,
            LimitsConfig config,
            Clock clock,
            MeterRegistry meters,
            WriteBehind later) {
        this(vertx, connections.lanes(), false, connections.options(), redis, fallback, config, clock, meters, later);
    }

    /** Over Redis with these options and lanes of its own, closed at {@link #stop()} (a second replica, in tests). */
    public RedisLimitStores(
            Vertx vertx,
            RedisOptions options,
            Redis redis,
            CasStore fallback,
            LimitsConfig config,
            Clock clock,
            MeterRegistry meters,
            WriteBehind later) {
        this(vertx, new RedisLanes(vertx, options), true, options, redis, fallback, config, clock, meters, later);
    }

    private RedisLimitStores(
            Vertx vertx,
            RedisLanes lanes,
            boolean ownsLanes,
            RedisOptions options,
            Redis redis,
            CasStore fallback,
            LimitsConfig config,
            Clock clock,
            MeterRegistry meters,
            WriteBehind later) {
        this.vertx = vertx;
        this.later = later;
        this.lanes = lanes;
        this.ownsLanes = ownsLanes;
        this.failOpen = config.onStoreFailure() == LimitsConfig.OnStoreFailure.FAIL_OPEN;
        this.budgetNanos = config.storeTimeout().toNanos();
        this.maxInFlight = config.maxInFlight();
        this.heartbeat = config.heartbeatInterval();
        this.effectTimeout = config.storeProbeTimeout();
        this.health = new RedisHealth(
                vertx,
                options,
                config.storeProbeTimeout(),
                config.storeRetryAfter(),
                clock,
                failOpen ? "use per-replica buckets (fail-open)" : "answer 503 (fail-closed)",
                lanes::reset);
        this.census = new ReplicaCensus(redis, heartbeat, config.storeProbeTimeout(), config.assumedReplicas());
        RedisCasStore shared = new RedisCasStore(lanes);
        this.primary = Buckets.of(shared, config.maxCachedKeys());
        this.fallback = Buckets.sharedBy(fallback, config.maxCachedKeys(), census::live);
        fallbacks = counter(
                meters,
                "verigate.limits.store.fallbacks",
                "Limit decisions made on per-replica buckets because Redis was down");
        expired = counter(
                meters,
                "verigate.limits.store.expired",
                "Limit decisions answered 503 because Redis had not answered within store-timeout");
        overloaded = counter(
                meters,
                "verigate.limits.store.overloaded",
                "Limit decisions refused at once because max-in-flight decisions were already waiting");
        reconciled = counter(
                meters,
                "verigate.limits.store.reconciled",
                "Late decisions (answered 503 after store-timeout) whose tokens were given back when Redis answered");
        unknown = counter(
                meters,
                "verigate.limits.store.unknown",
                "Decisions whose effect in Redis stayed unknown (connection lost after the write): counted once");
        refused = counter(
                meters,
                "verigate.limits.store.failed",
                "Limit decisions answered 503 because Redis failed them (lost connection, error answer)");
        FunctionCounter.builder("verigate.limits.redis.commands", shared, RedisCasStore::commands)
                .description("Redis commands sent by limit decisions")
                .register(meters);
        Gauge.builder("verigate.limits.store.down", health, h -> h.down() ? 1 : 0)
                .description("1 while Redis is unreachable and limits are decided by the fallback")
                .register(meters);
        Gauge.builder("verigate.limits.replicas", census, ReplicaCensus::live)
                .description("Replicas sharing the limits, as last counted in Redis")
                .register(meters);
        Gauge.builder("verigate.limits.in.flight", inFlight, AtomicInteger::get)
                .description("Limit decisions waiting on Redis")
                .register(meters);
    }

    private static Counter counter(MeterRegistry meters, String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    /**
     * Before the port opens: the census' first count and every event loop's connection to Redis, so the first
     * requests find them made. A Redis that fails only costs a line in the log and at most {@link #WARM_UP_WAIT}
     * of boot. (The decision path itself is rehearsed after the port opens, before readiness: ops.WarmUp.)
     */
    @Override
    public void start() {
        try {
            census.beat().await().atMost(WARM_UP_WAIT);
            heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), t -> {
                if (!health.down()) {
                    census.beat().subscribe().with(counted -> {
                        if (!counted) {
                            health.suspect(); // an idle replica learns of an outage from its heartbeat
                        }
                    });
                }
            });
            lanes.connectAll().await().atMost(WARM_UP_WAIT);
        } catch (RuntimeException e) {
            Log.infof(
                    "The start-up limit decision through Redis did not complete (%s); requests will try Redis"
                            + " themselves",
                    e.toString());
        }
    }

    @Override
    public void stop() {
        vertx.cancelTimer(heartbeatTimer);
        try {
            census.leave().await().atMost(WARM_UP_WAIT);
        } catch (RuntimeException e) {
            Log.debugf("Could not leave the replica census: %s", e.toString());
        }
        health.close();
        if (ownsLanes) {
            lanes.close();
        }
    }

    /** The Redis lanes decisions use (their counters). */
    public RedisLanes lanes() {
        return lanes;
    }

    /** Decisions waiting on Redis now (late ones included). */
    public int inFlight() {
        return inFlight.get();
    }

    /** True while Redis is down and decisions use the fallback (or are refused, fail-closed). */
    public boolean degraded() {
        return health.down();
    }

    /** Replicas the limits are shared by, as last counted. */
    public int replicas() {
        return census.live();
    }

    @Override
    public String where() {
        return degraded() ? "down" : "redis";
    }

    /** Decides on Redis within the budget, or on the fallback while Redis is down. */
    @Override
    public Uni<Permit> decide(Function<Buckets, Uni<Permit>> decision) {
        if (health.down()) {
            return degraded(decision);
        }
        return Uni.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                overloaded.increment();
                return Uni.createFrom()
                        .failure(unavailable(
                                "Too many rate-limit decisions in progress, please try" + " again later.", 1));
            }
            return TimedDecision.run(() -> decision.apply(primary), budgetNanos, lanes, health, hooks)
                    .onFailure(StoreFailure.class)
                    .recoverWithUni(f -> afterFailure((StoreFailure) f, decision));
        });
    }

    /**
     * An effect on the limits (a refund, a cooldown reset), best effort and never failing. While Redis is down it
     * is kept for Redis ({@link WriteBehind}) and, fail-open, applied to this replica's buckets now. On Redis it is
     * waited for at most {@code store-probe-timeout}; one Redis certainly did not get (no connection) is kept for
     * later, one whose fate is unknown is not repeated (a refund must not count twice).
     */
    @Override
    public Uni<Void> apply(String what, Function<Buckets, Uni<Void>> effect) {
        if (health.down()) {
            later.defer(what, () -> effect.apply(primary));
            return failOpen
                    ? Uni.createFrom().deferred(() -> effect.apply(fallback))
                    : Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> effect.apply(primary))
                .ifNoItem()
                .after(effectTimeout)
                .fail()
                .onFailure()
                .recoverWithUni(f -> {
                    health.suspect();
                    if (f instanceof StoreFailure s && s.certainlyNotApplied()) {
                        later.defer(what, () -> effect.apply(primary));
                    } else {
                        Log.warnf("A %s may not have reached Redis (%s); not repeated", what, f.toString());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** On Redis within {@code store-timeout}; while Redis is down, on this replica's fallback (fail-open) or a 503. */
    @Override
    public <T> Uni<T> read(Function<Buckets, Uni<T>> look) {
        if (health.down()) {
            return failOpen
                    ? Uni.createFrom().deferred(() -> look.apply(fallback))
                    : Uni.createFrom()
                            .failure(unavailable(
                                    "Rate limits are unavailable, please try again later.",
                                    RedisHealth.toSeconds(health.millisToNextProbe())));
        }
        return Uni.createFrom()
                .deferred(() -> look.apply(primary))
                .ifNoItem()
                .after(Duration.ofNanos(budgetNanos))
                .fail()
                .onFailure()
                .transform(f -> {
                    health.suspect();
                    return unavailable("Rate limits could not be read, please try again later.", 1);
                });
    }

    private Uni<Permit> afterFailure(StoreFailure failure, Function<Buckets, Uni<Permit>> decision) {
        if (failure.kind() == StoreFailure.Kind.UNREACHABLE) {
            health.unreachable(failure);
            return degraded(decision);
        }
        health.suspect();
        refused.increment();
        Log.debugf("A limit decision failed on Redis (%s): 503 for that request", failure.getMessage());
        return Uni.createFrom().failure(unavailable("Rate limits could not be checked, please try again later.", 1));
    }

    private Uni<Permit> degraded(Function<Buckets, Uni<Permit>> decision) {
        if (!failOpen) {
            return Uni.createFrom()
                    .failure(unavailable(
                            "Rate limits are unavailable, please try again later.",
                            RedisHealth.toSeconds(health.millisToNextProbe())));
        }
        fallbacks.increment();
        return Uni.createFrom().deferred(() -> decision.apply(fallback));
    }

    private static SinchException unavailable(String message, long retryAfterSeconds) {
        return new SinchException(503, 50300, message, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    private final TimedDecision.Hooks hooks = new TimedDecision.Hooks() {
        @Override
        public Throwable expired() {
            expired.increment();
            health.suspect();
            return unavailable("Rate limits took too long to decide, please try again.", 1);
        }

        @Override
        public void reconciled() {
            reconciled.increment();
        }

        @Override
        public void unknown(Throwable failure) {
            if (!(failure instanceof StoreFailure f && f.certainlyNotApplied())) {
                unknown.increment();
                Log.debugf("A late limit decision failed (%s): what it took in Redis stays taken", failure.toString());
            }
        }

        @Override
        public void ended() {
            inFlight.decrementAndGet();
        }
    };
}
