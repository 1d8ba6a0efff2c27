package dev.verigate.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.verigate.store.GatewayStore;
import dev.verigate.testsupport.StalledRedis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that takes the command but does not answer (a stalled server, a black-holed network) holds no request
 * longer than {@code verigate.store.timeout}: the command fails as if Redis were down (503 for the app).
 */
class StoreTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @RegisterExtension
    final StalledRedis redis = new StalledRedis();

    private RedisLanes lanes;

    @BeforeEach
    void connect() {
        lanes = new RedisLanes(redis.vertx(), new RedisOptions().setConnectionString(redis.url()));
    }

    @AfterEach
    void close() {
        lanes.close();
    }

    @Test
    void aCommandWithoutAnswerFailsAfterTheTimeout() {
        lanes.connectAll().await().atMost(Duration.ofSeconds(10));
        GatewayStore store = new RedisGatewayStore(lanes, TIMEOUT);
        store.set("vg:test:timeout", "1", Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(5));
        assertEquals(Optional.of("1"), store.get("vg:test:timeout").await().atMost(Duration.ofSeconds(5)));

        RuntimeException failed = redis.failureAfter(TIMEOUT, () -> store.get("vg:test:timeout"));
        assertInstanceOf(StoreUnavailable.class, failed, failed::toString);
    }
}
