package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisCasStore;
import dev.verigate.store.redis.RedisLanes;
import dev.verigate.store.redis.RedisOptionsCapture;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on Redis (the test's own redis-server), plus what only Redis can show: round trips. */
@QuarkusTest
class RedisCasStoreTest extends CasStoreContract {

    @Inject
    RedisOptionsCapture options;

    @Inject
    Vertx vertx;

    private final List<RedisLanes> lanes = new ArrayList<>();

    @AfterEach
    void closeLanes() {
        lanes.forEach(RedisLanes::close);
        lanes.clear();
    }

    private RedisLanes lanes() {
        RedisLanes own = new RedisLanes(vertx.getDelegate(), options.defaults());
        lanes.add(own);
        return own;
    }

    /** Each call: another replica's lanes over the same Redis. */
    @Override
    CasStore store() {
        return new RedisCasStore(lanes());
    }

    @Test
    void aHundredConcurrentRequestsOnOneHotKeyCostFewSwaps() {
        RedisLanes pipeline = lanes();
        Buckets buckets = Buckets.of(new RedisCasStore(pipeline), 1_000);
        Rule hot = Rule.of("app-start", key("hot"), List.of(new Rate(1_000, Duration.ofSeconds(1))), false, "");
        List<CompletableFuture<ConsumptionProbe>> all = new ArrayList<>();
        CompletableFuture<Void> fired = new CompletableFuture<>();
        // Fire all 100 from one event-loop turn, as concurrent requests on one replica arrive.
        vertx.getDelegate().runOnContext(v -> {
            for (int i = 0; i < 100; i++) {
                all.add(buckets.tryConsume(hot).subscribeAsCompletionStage());
            }
            fired.complete(null);
        });
        fired.join();
        long consumed = all.stream()
                .map(CompletableFuture::join)
                .filter(ConsumptionProbe::isConsumed)
                .count();
        assertEquals(100, consumed);
        // Bucket4j's batching merges the waiting requests into a few swaps; the target is under 10.
        assertTrue(pipeline.commands() < 10, "swaps for 100 concurrent requests: " + pipeline.commands());
    }

    static <T> T await(Uni<T> uni) {
        return CasStoreContract.await(uni);
    }
}
