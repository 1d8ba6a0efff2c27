package dev.verigate.callbacks;

import dev.verigate.store.StoreConfig;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The outbox lives where the rest of the gateway state does ({@code verigate.store}). */
@Singleton
class OutboxProducer {

    @Produces
    @Singleton
    Outbox outbox(StoreConfig store, CallbacksConfig config, Instance<Redis> redis, Clock clock) {
        Backoff backoff = new Backoff(
                config.delivery().initialBackoff(), config.delivery().maxBackoff());
        return store.kind() == StoreConfig.Kind.REDIS
                ? new RedisOutbox(redis.get(), backoff, config.deadLetters(), clock, store.timeout())
                : new LocalOutbox(backoff, clock, config.deadLetters());
    }
}
