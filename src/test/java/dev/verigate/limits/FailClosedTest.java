package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.RedisOutage;
import dev.verigate.testsupport.RedisTestResource;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Under fail-closed, a Redis outage refuses starts with 503/50300 before Sinch; service resumes by itself. */
@QuarkusTest
@TestProfile(FailClosedTest.FailClosed.class)
class FailClosedTest {

    public static class FailClosed implements QuarkusTestProfile, RedisTestResource.BehindFaultProxy {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verigate.limits.on-store-failure",
                    "fail-closed",
                    "verigate.limits.store-retry-after",
                    "300ms",
                    "verigate.limits.store-timeout",
                    "500ms");
        }
    }

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    @AfterEach
    void redisBack() {
        RedisOutage.end();
    }

    @Test
    void aRedisOutageRefusesStartsAndServiceResumesAfterIt() {
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())).status());

        RedisOutage.begin();
        long before = traffic.requests();
        for (int i = 0; i < 3; i++) {
            Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
            assertEquals(503, r.status(), r::toString);
            assertEquals(50300, r.json().get("errorCode").asInt());
            assertEquals("1", r.header("Retry-After"));
        }
        assertEquals(before, traffic.requests(), "nothing reached Sinch while limits were unavailable");
        // Fail-closed: the pod is not ready while it could only refuse; liveness is unaffected.
        assertEquals(
                503,
                SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/ready", Map.of(), null)
                        .status());
        assertEquals(
                200,
                SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/health/live", Map.of(), null)
                        .status());

        RedisOutage.end();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                                .status()
                        == 200);
    }
}
