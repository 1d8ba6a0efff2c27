package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Verification;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.store.WriteBehind;
import dev.verigate.testsupport.Burst;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.RedisTestResource;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis slow, not dead: every answer comes 400 ms late (a TCP proxy between the gateway and Redis), against a
 * 250 ms budget and a 1 s probe. Decisions run out of time and are answered 503 for that request alone; the
 * replica never switches to its own buckets, never allows more than the limit, and gives back what the late
 * decisions took once Redis answers them. Number limit 3/10m, no cooldown.
 */
@QuarkusTest
@TestProfile(SlowRedisTest.Slow.class)
class SlowRedisTest {

    public static class Slow implements QuarkusTestProfile, RedisTestResource.BehindFaultProxy {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verigate.limits.number.start",
                    "3/10m",
                    "verigate.limits.number.cooldown.initial",
                    "0s",
                    "verigate.limits.store-timeout",
                    "250ms",
                    "verigate.limits.store-probe-timeout",
                    "1s",
                    "verigate.limits.max-in-flight",
                    "8");
        }
    }

    @Inject
    LimitStores limitStores;

    /** The Redis limits' own gauges (this test runs on the Redis store). */
    private RedisLimitStores stores() {
        return (RedisLimitStores) limitStores;
    }

    @Inject
    SandboxTraffic traffic;

    @Inject
    MeterRegistry meters;

    @Inject
    Outcomes outcomes;

    @Inject
    WriteBehind later;

    private final SinchTestClient alpha = Gateway.alpha();

    @AfterEach
    void fast() {
        RedisTestResource.proxy().delayAnswers(0);
        RedisTestResource.proxy().reopen();
    }

    private double count(String name) {
        return meters.counter("verigate.limits.store." + name).count();
    }

    /** Nothing of an earlier test still waiting on Redis (its late answers would move the counters). */
    private void quiet() {
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())).status());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stores().inFlight() == 0);
    }

    @Test
    void lateAnswersExpireThatRequestOnlyAndChargeNothing() {
        quiet();
        String number = TestNumbers.next();
        double fallbacks = count("fallbacks");
        double expired = count("expired");
        double overloaded = count("overloaded");
        double reconciled = count("reconciled");
        long startsBefore = traffic.startsCreated();

        RedisTestResource.proxy().delayAnswers(400);
        List<Reply> replies = Burst.post(List.of(alpha), VERIFICATIONS, startBody("sms", number), 10, 10);

        // max-in-flight 8: the first 8 decisions wait on Redis and run out of their 250 ms; the other 2 came while
        // 8 were waiting and were refused at once. Not one reached Sinch, and the replica stayed on Redis.
        replies.forEach(r -> {
            assertEquals(503, r.status(), r::toString);
            assertEquals(50300, r.json().get("errorCode").asInt(), r::toString);
            assertEquals("1", r.header("Retry-After"), r::toString);
        });
        assertEquals(8, count("expired") - expired, "decisions that ran out of time");
        assertEquals(2, count("overloaded") - overloaded, "decisions refused at once (8 in flight)");
        assertEquals(startsBefore, traffic.startsCreated(), "starts that reached Sinch");
        assertEquals(fallbacks, count("fallbacks"), "decisions made on per-replica buckets");
        assertFalse(stores().degraded(), "a slow Redis is not down");

        // Redis answers the 8 late: it allowed at least 3 of them (3/10m; more when a give-back came before the
        // next swap) and every one it allowed gave its tokens back.
        RedisTestResource.proxy().delayAnswers(0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stores().inFlight() == 0);
        double givenBack = count("reconciled") - reconciled;
        assertTrue(givenBack >= 3 && givenBack <= 8, "late allowed decisions given back: " + givenBack);

        // So the number still has all 3 of its starts: nothing was charged twice, nothing was lost.
        for (int i = 0; i < 3; i++) {
            Reply ok = alpha.post(VERIFICATIONS, startBody("sms", number));
            assertEquals(200, ok.status(), ok::toString);
        }
        Reply fourth = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(429, fourth.status(), fourth::toString);
        assertEquals(42901, fourth.json().get("errorCode").asInt());
        assertEquals(startsBefore + 3, traffic.startsCreated(), "starts that reached Sinch");
        assertFalse(stores().degraded());
    }

    @Test
    void aConnectionLostAfterTheWriteCostsThatRequestA503AndNeverALocalDecision() {
        quiet();
        String number = TestNumbers.next();
        double fallbacks = count("fallbacks");
        double answered503 = count("failed") + count("expired");

        // One start whose decision is in Redis's hands (written, answer held back), then every connection cut.
        // Basic auth: no replay record is written first, so the first write held back is the decision's.
        RedisTestResource.proxy().delayAnswers(2_000);
        var start = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> alpha.with(SinchTestClient.Auth.BASIC).post(VERIFICATIONS, startBody("sms", number)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> stores().lanes().stalledNanos() > 0);
        RedisTestResource.proxy().cutConnections();
        RedisTestResource.proxy().delayAnswers(0);
        Reply reply = start.join();
        assertEquals(503, reply.status(), reply::toString);
        assertEquals(50300, reply.json().get("errorCode").asInt(), reply::toString);
        assertEquals(1, count("failed") + count("expired") - answered503, "decisions answered 503");

        // The probe reconnects (Redis itself was fine): decisions are back on Redis, none was made locally, and
        // however the cut swap ended in Redis, the number never gets more than its 3 starts.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                                .status()
                        == 200);
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            int status = alpha.post(VERIFICATIONS, startBody("sms", number)).status();
            assertTrue(status == 200 || status == 429, "status " + status);
            allowed += status == 200 ? 1 : 0;
        }
        assertTrue(allowed >= 2 && allowed <= 3, "starts allowed after the cut: " + allowed);
        assertEquals(allowed, delivered(number), "codes the number received");
        assertEquals(fallbacks, count("fallbacks"), "decisions made on per-replica buckets");
        assertFalse(stores().degraded());
    }

    @Test
    void aRefundRedisCannotTakeNowIsMadeWhenItIsBack() {
        quiet();
        String number = TestNumbers.next();
        String id = null;
        for (int i = 0; i < 3; i++) {
            id = Flows.ok(alpha.post(VERIFICATIONS, startBody("sms", number)))
                    .get("id")
                    .asText();
        }
        assertEquals(429, alpha.post(VERIFICATIONS, startBody("sms", number)).status(), "3/10m used up");

        // Redis unreachable (the port refuses); a carrier-side failure is observed for one of the three.
        RedisTestResource.proxy().refuse();
        outcomes.observe(new Verification(id, "alpha", VerificationMethod.SMS, number, Optional.empty()), "ERROR", null)
                .await()
                .atMost(Duration.ofSeconds(5));
        assertTrue(later.pending() > 0, "the refund is kept for later");

        RedisTestResource.proxy().reopen();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> later.pending() == 0 && !stores().degraded());
        // The number got its one token back, once.
        assertEquals(200, alpha.post(VERIFICATIONS, startBody("sms", number)).status(), "the refunded start");
        assertEquals(429, alpha.post(VERIFICATIONS, startBody("sms", number)).status());
    }

    private static int delivered(String number) {
        return SinchTestClient.raw("GET", Gateway.baseUrl() + "/sandbox/inbox/" + number, Map.of(), null)
                .json()
                .size();
    }
}
