package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import dev.verigate.limits.local.LocalCasStore;
import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.store.redis.RedisOptionsCapture;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.upstream.SinchVerifications;
import dev.verigate.upstream.UpstreamCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two replicas — this gateway's limiter and a second, independent limiter stack with its own Redis
 * connection — share one Redis. 100 concurrent starts for one number with a limit of 3 (3/10m, no
 * cooldown): exactly 3 reach the upstream, 97 are refused with 42901.
 */
@QuarkusTest
@TestProfile(ReplicaExactnessTest.NoCooldown.class)
class ReplicaExactnessTest {

    public static class NoCooldown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.limits.number.cooldown.initial", "0s", "verigate.limits.store-timeout", "5s");
        }
    }

    @Inject
    Limiter replicaA;

    @Inject
    Policies policies;

    @Inject
    PriceBook prices;

    @Inject
    LimitsConfig config;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    AppRegistry apps;

    @Inject
    SinchVerifications sinch;

    @Inject
    UpstreamCredentials credentials;

    @Inject
    SandboxTraffic traffic;

    @Inject
    RedisOptionsCapture options;

    @Inject
    dev.verigate.store.WriteBehind later;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisUrl;

    @Test
    void aHundredConcurrentStartsOnTwoReplicasLetExactlyThreeThrough() throws Exception {
        Redis secondConnection = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(redisUrl)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(2048));
        RedisLimitStores storesB = new RedisLimitStores(
                vertx.getDelegate(),
                options.defaults(),
                secondConnection,
                new LocalCasStore(config.maxCachedKeys()),
                config,
                clock,
                new SimpleMeterRegistry(),
                later);
        Limiter replicaB = new Limiter(policies, storesB, prices, clock, new SimpleMeterRegistry());
        App app = apps.byId("alpha").orElseThrow();
        E164 number = E164.parse(TestNumbers.next());
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("method", "sms");
        request.putObject("identity").put("type", "number").put("endpoint", number.number());
        long startsBefore = traffic.startsCreated();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger refused42901 = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();

        CompletableFuture<Void> a =
                CompletableFuture.runAsync(() -> fire(replicaA, app, number, request, 50, all, sent, refused42901));
        CompletableFuture<Void> b =
                CompletableFuture.runAsync(() -> fire(replicaB, app, number, request, 50, all, sent, refused42901));
        CompletableFuture.allOf(a, b).join();
        synchronized (all) {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        storesB.stop();
        secondConnection.close();

        assertEquals(3, sent.get(), "starts that passed the limits and were sent");
        assertEquals(97, refused42901.get(), "starts refused with 42901");
        assertEquals(startsBefore + 3, traffic.startsCreated(), "starts that reached the upstream");
    }

    private void fire(
            Limiter limiter,
            App app,
            E164 number,
            ObjectNode request,
            int count,
            List<CompletableFuture<Void>> all,
            AtomicInteger sent,
            AtomicInteger refused) {
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> one = limiter.start(app, number)
                    .flatMap(permit -> sinch.start(credentials.forApp(app), request, null))
                    .invoke(reply -> sent.incrementAndGet())
                    .replaceWithVoid()
                    .onFailure(RateLimited.class)
                    .recoverWithUni(f -> {
                        if (((SinchException) f).errorCode() == 42901) {
                            refused.incrementAndGet();
                        }
                        return Uni.createFrom().voidItem();
                    })
                    .subscribeAsCompletionStage();
            synchronized (all) {
                all.add(one);
            }
        }
    }
}
