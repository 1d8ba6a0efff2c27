package dev.verigate.callbacks.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.testsupport.StalledRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The callback path's Redis calls are bounded too: a Redis that takes the command but does not answer fails the
 * outbox write after verigate.store.timeout (Sinch is answered 503 and sends the event again), instead of holding
 * the event's request as long as Redis stalls.
 */
class OutboxTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private record Bounds(int max, Duration maxAge) implements CallbacksConfig.DeadLetters {}

    @RegisterExtension
    final StalledRedis stalled = new StalledRedis();

    private Redis redis;

    @BeforeEach
    void connect() {
        redis = Redis.createClient(Vertx.newInstance(stalled.vertx()), stalled.url());
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void anOutboxWriteWithoutAnswerFailsAfterTheTimeout() {
        RedisOutbox outbox = new RedisOutbox(
                redis,
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)),
                new Bounds(100, Duration.ofDays(1)),
                Clock.systemUTC(),
                TIMEOUT);
        outbox.append("app", "event-ok", "{}").await().atMost(Duration.ofSeconds(10)); // connected, answered

        RuntimeException failed = stalled.failureAfter(TIMEOUT, () -> outbox.append("app", "event-stalled", "{}"));
        assertTrue(String.valueOf(failed.getMessage()).contains("no answer from Redis"), failed::toString);
    }
}
