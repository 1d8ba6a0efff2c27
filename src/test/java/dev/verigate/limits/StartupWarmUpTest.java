package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up: one decision through Redis on a bucket of its own (key {@code vg:warm-up}, which
 * no request's rule uses), before the port opens. Checked here by running it again: it goes through the
 * pipeline and leaves a bucket in Redis that expires by itself.
 */
@QuarkusTest
class StartupWarmUpTest {

    @Inject
    LimitStores stores;
    @Inject
    Redis redis;

    @Test
    void theWarmUpDecidesThroughRedisOnItsOwnExpiringBucket() {
        long roundTrips = stores.lanes().roundTrips();
        stores.warmUp(null);
        assertTrue(stores.lanes().roundTrips() > roundTrips, "the warm-up went to Redis");
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(LimitStores.WARM_UP.key()))
                .await().atMost(Duration.ofSeconds(2)).toLong();
        assertTrue(ttl > 0 && ttl <= 20_000, "the warm-up bucket expires by itself, ttl " + ttl + " ms");
    }
}
