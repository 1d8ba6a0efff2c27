package dev.verigate.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Chooses the store from {@code verigate.store}; the Redis client is only looked up when used. */
@Singleton
class StoreProducer {

    @Produces
    @Singleton
    GatewayStore gatewayStore(StoreConfig config, RedisConnections redis, Clock clock) {
        Log.infof("Gateway store: %s", config.kind());
        return switch (config.kind()) {
            case REDIS -> new RedisGatewayStore(redis.lanes(), config.timeout());
            case LOCAL -> new LocalGatewayStore(clock);
        };
    }
}
