package dev.verigate.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.store.GatewayStore;
import dev.verigate.testsupport.TcpFaultProxy;
import dev.verigate.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that takes the command but does not answer (a stalled server, a black-holed network) holds no request
 * longer than {@code verigate.store.timeout}: the command fails as if Redis were down (503 for the app).
 */
class StoreTimeoutTest {

    private Vertx vertx;
    private TcpFaultProxy proxy;
    private RedisLanes lanes;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        TestRedis redis = TestRedis.shared();
        proxy = TcpFaultProxy.to(redis.host(), redis.port());
        lanes = new RedisLanes(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + proxy.port()));
    }

    @AfterEach
    void stop() {
        lanes.close();
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aCommandWithoutAnswerFailsAfterTheTimeout() {
        lanes.connectAll().await().atMost(Duration.ofSeconds(10));
        GatewayStore store = new RedisGatewayStore(lanes, Duration.ofMillis(500));
        store.set("vg:test:timeout", "1", Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(5));
        assertEquals(Optional.of("1"), store.get("vg:test:timeout").await().atMost(Duration.ofSeconds(5)));

        proxy.delayAnswers(5_000);
        long t0 = System.nanoTime();
        RuntimeException failed = assertThrows(
                RuntimeException.class,
                () -> store.get("vg:test:timeout").await().atMost(Duration.ofSeconds(4)));
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertInstanceOf(StoreUnavailable.class, failed, failed::toString);
        assertTrue(waitedMillis >= 450 && waitedMillis < 3_000, "failed after " + waitedMillis + " ms");
    }
}
