package dev.verigate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A replica rehearses the request path before it reports ready: readiness turns green when the rehearsals are
 * done; the rehearsal decisions go through Redis on keys no request uses, which expire by themselves, and they
 * are not counted as limit decisions.
 */
@QuarkusTest
@TestProfile(WarmUpTest.Rehearsing.class)
class WarmUpTest {

    public static class Rehearsing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.warm-up.rehearsals", "200");
        }
    }

    @Inject
    Redis redis;

    @Test
    void readinessWaitsForTheRehearsalsWhichLeaveNothingBehind() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> health("ready").status() == 200);
        Reply ready = health("ready");
        assertEquals(
                "done",
                ready.json().get("checks").get(0).get("data").get("warm-up").asText(),
                ready::toString);

        // Each rehearsal swapped the app-like bucket once (and gave it back): it exists, and expires by itself.
        long ttl = redis.send(Request.cmd(Command.PTTL).arg("vg:warm-up:{app}"))
                .await()
                .atMost(Duration.ofSeconds(2))
                .toLong();
        assertTrue(ttl > 0 && ttl <= 20_000, "the rehearsal bucket expires by itself, ttl " + ttl + " ms");
        long cooldownTtl = redis.send(Request.cmd(Command.PTTL).arg("vg:warm-up:{0}:cooldown"))
                .await()
                .atMost(Duration.ofSeconds(2))
                .toLong();
        assertTrue(
                cooldownTtl <= 10_000,
                "the rehearsal cooldown expires within its 10 s window, ttl " + cooldownTtl + " ms");
        String metrics = SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/metrics", Map.of(), null)
                .body();
        assertFalse(metrics.contains("rule=\"warm-up\""), "rehearsals are not counted as decisions");
    }

    private static Reply health(String which) {
        return SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/" + which, Map.of(), null);
    }
}
