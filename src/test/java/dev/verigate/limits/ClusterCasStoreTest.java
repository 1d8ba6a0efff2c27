package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisCasStore;
import dev.verigate.store.redis.RedisLanes;
import dev.verigate.testsupport.TestRedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.impl.ZModem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real three-master Redis Cluster, plus what only a cluster shows: the commands of one
 * event-loop turn touch several hash slots (an app's, a country's and a number's keys), and a pipelined batch
 * must stay on one node, so they leave in one batch per slot instead of failing together with CROSSSLOT.
 */
class ClusterCasStoreTest extends CasStoreContract {

    private static TestRedisCluster cluster;
    private static Vertx vertx;
    private final List<RedisLanes> lanes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = TestRedisCluster.start(3);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        cluster.close();
    }

    @AfterEach
    void closeLanes() {
        lanes.forEach(RedisLanes::close);
        lanes.clear();
    }

    static RedisOptions clusterOptions() {
        RedisOptions options =
                new RedisOptions().setType(RedisClientType.CLUSTER).setMaxPoolSize(8);
        cluster.ports().forEach(p -> options.addConnectionString("redis://127.0.0.1:" + p));
        return options;
    }

    private RedisLanes lanes() {
        RedisLanes own = new RedisLanes(vertx, clusterOptions());
        lanes.add(own);
        return own;
    }

    @Override
    CasStore store() {
        return new RedisCasStore(lanes());
    }

    @Test
    void oneTurnsCommandsOnSeveralSlotsLeaveInOneBatchPerSlot() {
        RedisLanes own = lanes();
        RedisCasStore store = new RedisCasStore(own);
        // What one start decision touches: app, country and number keys, three hash tags, so (almost surely) three
        // slots; and two keys of the same number, which share their slot.
        String number = key("number");
        List<String> all = List.of(key("app"), key("country"), number, number + ":cooldown");
        Set<Integer> slots = all.stream().map(ZModem::generate).collect(Collectors.toSet());
        List<CompletableFuture<CasStore.CasOutcome>> swaps = new ArrayList<>();
        CompletableFuture<Void> fired = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            all.forEach(k ->
                    swaps.add(store.compareAndSwap(k, null, bytes("1"), 60_000).subscribeAsCompletionStage()));
            fired.complete(null);
        });
        fired.join();
        swaps.forEach(s -> assertTrue(s.join().swapped(), "every swap of the turn succeeded"));
        assertEquals(4, own.commands());
        assertEquals(slots.size(), own.roundTrips(), "one batch per hash slot");
        assertTrue(slots.size() < all.size(), "a number's keys share a slot");
    }
}
