package dev.verigate.callbacks.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.testsupport.TcpFaultProxy;
import dev.verigate.testsupport.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback path's Redis calls are bounded too: a Redis that takes the command but does not answer fails the
 * outbox write after verigate.store.timeout (Sinch is answered 503 and sends the event again), instead of holding
 * the event's request as long as Redis stalls.
 */
class OutboxTimeoutTest {

    private record Bounds(int max, Duration maxAge) implements CallbacksConfig.DeadLetters {}

    private Vertx vertx;
    private TcpFaultProxy proxy;
    private Redis redis;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        TestRedis shared = TestRedis.shared();
        proxy = TcpFaultProxy.to(shared.host(), shared.port());
        redis = Redis.createClient(vertx, "redis://127.0.0.1:" + proxy.port());
    }

    @AfterEach
    void stop() {
        redis.close();
        proxy.close();
        vertx.closeAndAwait();
    }

    @Test
    void anOutboxWriteWithoutAnswerFailsAfterTheTimeout() {
        RedisOutbox outbox = new RedisOutbox(
                redis,
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)),
                new Bounds(100, Duration.ofDays(1)),
                Clock.systemUTC(),
                Duration.ofMillis(500));
        outbox.append("app", "event-ok", "{}").await().atMost(Duration.ofSeconds(10)); // connected, answered

        proxy.delayAnswers(5_000);
        long t0 = System.nanoTime();
        RuntimeException failed = assertThrows(
                RuntimeException.class,
                () -> outbox.append("app", "event-stalled", "{}").await().atMost(Duration.ofSeconds(4)));
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(String.valueOf(failed.getMessage()).contains("no answer from Redis"), failed::toString);
        assertTrue(waitedMillis >= 450 && waitedMillis < 3_000, "failed after " + waitedMillis + " ms");
    }
}
