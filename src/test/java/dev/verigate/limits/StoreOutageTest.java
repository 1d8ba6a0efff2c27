package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.RedisOutage;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis dies and comes back under fail-open (the default): starts go on against per-replica buckets
 * (counted), limits still hold locally, nothing answers 500, and Redis is used again by itself.
 */
@QuarkusTest
@TestProfile(StoreOutageTest.FastRecovery.class)
class StoreOutageTest {

    public static class FastRecovery implements QuarkusTestProfile, RedisTestResource.BehindFaultProxy {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.limits.store-retry-after", "300ms", "verigate.limits.store-timeout", "500ms");
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

    private final SinchTestClient alpha = Gateway.alpha();

    @AfterEach
    void redisBack() {
        RedisOutage.end();
    }

    @Test
    void failOpenKeepsServingOnLocalBucketsAndReturnsToRedis() {
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())).status());
        double fallbacksBefore =
                meters.counter("verigate.limits.store.fallbacks").count();

        RedisOutage.begin();
        String n = TestNumbers.next();
        Reply during = alpha.post(VERIFICATIONS, startBody("sms", n));
        assertEquals(200, during.status(), during::toString);
        assertTrue(meters.counter("verigate.limits.store.fallbacks").count() > fallbacksBefore);
        // The local buckets still apply the policies: the same number again meets its cooldown.
        Reply again = alpha.post(VERIFICATIONS, startBody("sms", n));
        assertEquals(429, again.status(), again::toString);
        assertEquals(42901, again.json().get("errorCode").asInt());
        // Still ready (fail-open), with the outage in the details; liveness never looks at Redis.
        Reply ready = SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/ready", Map.of(), null);
        assertEquals(200, ready.status(), ready::toString);
        assertTrue(
                ready.json()
                        .get("checks")
                        .get(0)
                        .get("data")
                        .get("redis")
                        .asText()
                        .startsWith("down"),
                ready::toString);
        assertEquals(
                200,
                SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/live", Map.of(), null)
                        .status());
        // Ownership lives in Redis too: a lookup is a clean 503, never a 500.
        Reply lookup =
                alpha.get(VERIFICATIONS + "/id/" + during.json().get("id").asText());
        assertEquals(503, lookup.status(), lookup::toString);
        assertEquals(50300, lookup.json().get("errorCode").asInt());
        assertEquals("1", lookup.header("Retry-After"), lookup::toString);
        // So is a keyed start (its Idempotency-Key record needs Redis in either mode): 503 with Retry-After, as
        // the API table promises for every 503 (bench/run.sh faults counts any 429/503 without one).
        Reply keyed = alpha.post(
                VERIFICATIONS,
                startBody("sms", TestNumbers.next()),
                Map.of("Idempotency-Key", "outage-" + System.nanoTime()));
        assertEquals(503, keyed.status(), keyed::toString);
        assertEquals(50300, keyed.json().get("errorCode").asInt());
        assertEquals("1", keyed.header("Retry-After"), keyed::toString);

        RedisOutage.end();
        long roundTrips = stores().lanes().roundTrips();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
                    return r.status() == 200
                            && !stores().degraded()
                            && stores().lanes().roundTrips() > roundTrips;
                });
    }

    /**
     * Redis dies while a keyed start is at Sinch (after the key was claimed, before its answer is recorded):
     * the code is sent, so the app gets the 200, not a 500 or a 503 it would retry. Found by
     * {@code bench/run.sh faults}: the record's two store failures reached the app as a 500.
     */
    @Test
    void keyedStartWhoseRecordCannotBeStoredStillAnswersItsCode() throws Exception {
        long requests = traffic.requests();
        long created = traffic.startsCreated();
        // A number ending in 0504: the sandbox answers after verigate.sandbox.slow-delay (500 ms in tests).
        CompletableFuture<Reply> start = CompletableFuture.supplyAsync(() -> alpha.post(
                VERIFICATIONS,
                startBody("sms", TestNumbers.magic("0504")),
                Map.of("Idempotency-Key", "dies-" + System.nanoTime())));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> traffic.requests() > requests);
        RedisOutage.begin();

        Reply reply = start.get(20, TimeUnit.SECONDS);
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.json().get("id").asText().length() > 0, reply::toString);
        // Exactly one verification was created for it: 1 start, no re-send.
        assertEquals(created + 1, traffic.startsCreated());
    }
}
