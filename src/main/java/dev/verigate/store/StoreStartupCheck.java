package dev.verigate.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the boot, naming the keys, when the Redis store is chosen without a Redis to use; creates the
 * store eagerly so a misconfiguration never surfaces on the first request instead.
 */
@Singleton
class StoreStartupCheck {

    void onStart(
            @Observes StartupEvent event,
            StoreConfig config,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> redisHosts,
            Instance<GatewayStore> store) {
        check(config.kind(), redisHosts);
        store.get();
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
