package dev.verigate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While the rehearsals run, the replica is alive but not ready: a load balancer sends it nothing yet. */
@QuarkusTest
@TestProfile(WarmUpGateTest.Endless.class)
class WarmUpGateTest {

    public static class Endless implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.warm-up.rehearsals", "100000000");
        }
    }

    @Test
    void aReplicaStillRehearsingIsAliveButNotReady() {
        Reply ready = health("ready");
        assertEquals(503, ready.status(), ready::toString);
        String progress =
                ready.json().get("checks").get(0).get("data").get("warm-up").asText();
        assertTrue(progress.endsWith("/100000000"), progress);
        assertEquals(200, health("live").status());
    }

    private static Reply health(String which) {
        return SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/" + which, Map.of(), null);
    }
}
