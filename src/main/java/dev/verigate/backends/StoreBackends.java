package dev.verigate.backends;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.callbacks.Outbox;
import dev.verigate.callbacks.local.LocalOutbox;
import dev.verigate.callbacks.redis.RedisOutbox;
import dev.verigate.limits.LimitStores;
import dev.verigate.limits.LimitsConfig;
import dev.verigate.limits.local.LocalCasStore;
import dev.verigate.limits.local.LocalLimitStores;
import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.store.GatewayStore;
import dev.verigate.store.StoreConfig;
import dev.verigate.store.WriteBehind;
import dev.verigate.store.local.LocalGatewayStore;
import dev.verigate.store.redis.RedisConnections;
import dev.verigate.store.redis.RedisGatewayStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that chooses, from {@code verigate.store}, where every store of the gateway lives: in Redis,
 * shared by every replica, or in this process ({@code local}, one dev instance). Each feature owns its store's
 * interface ({@link GatewayStore}, {@link LimitStores}, {@link Outbox}) and keeps the two implementations side by
 * side in its {@code redis} and {@code local} sub-packages; only this class names them, and nothing depends on
 * this package (the stores are injected by their interfaces).
 *
 * <p>At start-up it fails the boot, naming the keys, when Redis is chosen without a Redis to use, then creates the
 * stores, so a misconfiguration never surfaces on the first request instead.
 */
@Singleton
class StoreBackends {

    private final StoreConfig.Kind kind;
    private final Instance<RedisConnections> connections;
    private final Instance<Redis> redis;
    private volatile LimitStores started;

    StoreBackends(StoreConfig config, Instance<RedisConnections> connections, Instance<Redis> redis) {
        this.kind = config.kind();
        this.connections = connections;
        this.redis = redis;
    }

    @Produces
    @Singleton
    GatewayStore gatewayStore(StoreConfig config, Clock clock) {
        Log.infof("Gateway store: %s", kind);
        return switch (kind) {
            case REDIS -> new RedisGatewayStore(connections.get().lanes(), config.timeout());
            case LOCAL -> new LocalGatewayStore(clock);
        };
    }

    @Produces
    @Singleton
    LimitStores limitStores(LimitsConfig config, Vertx vertx, Clock clock, MeterRegistry meters, WriteBehind later) {
        return switch (kind) {
            case REDIS ->
                new RedisLimitStores(
                        vertx,
                        connections.get(),
                        redis.get(),
                        new LocalCasStore(config.maxCachedKeys()),
                        config,
                        clock,
                        meters,
                        later);
            case LOCAL -> new LocalLimitStores(config.maxCachedKeys());
        };
    }

    @Produces
    @Singleton
    Outbox outbox(StoreConfig store, CallbacksConfig config, Clock clock) {
        Backoff backoff = new Backoff(
                config.delivery().initialBackoff(), config.delivery().maxBackoff());
        return switch (kind) {
            case REDIS -> new RedisOutbox(redis.get(), backoff, config.deadLetters(), clock, store.timeout());
            case LOCAL -> new LocalOutbox(backoff, clock, config.deadLetters());
        };
    }

    void onStart(
            @Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> redisHosts,
            Instance<GatewayStore> store,
            Instance<LimitStores> limits) {
        check(kind, redisHosts);
        store.get();
        started = limits.get();
        started.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (started != null) {
            started.stop();
        }
    }

    static void check(StoreConfig.Kind kind, Optional<String> redisHosts) {
        if (kind == StoreConfig.Kind.REDIS
                && redisHosts.filter(h -> !h.isBlank()).isEmpty()) {
            throw new IllegalStateException("verigate.store=redis (the production default) needs Redis: set "
                    + "quarkus.redis.hosts (env QUARKUS_REDIS_HOSTS), e.g. redis://redis:6379. "
                    + "verigate.store=local is only for a single dev instance.");
        }
    }
}
