package dev.verigate.upstream;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sinch refuses connections: the app gets 503/50300, and since nothing can have been sent, the start
 * costs nothing — the same number is not held by its cooldown afterwards.
 */
@QuarkusTest
@TestProfile(UpstreamDownTest.Down.class)
class UpstreamDownTest {

    public static class Down implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verigate.upstream.url",
                    "http://127.0.0.1:" + closedPort(),
                    "verigate.upstream.retry.initial-delay",
                    "10ms",
                    "verigate.upstream.retry.max-delay",
                    "20ms");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort(); // free now, and nothing listens on it afterwards
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void refusedConnectionsAre503AndTheStartCostsNothing() {
        SinchTestClient alpha = Gateway.alpha();
        String number = TestNumbers.next();
        for (int i = 0; i < 2; i++) {
            Reply r = alpha.post(VERIFICATIONS, startBody("sms", number));
            assertEquals(503, r.status(), r::toString);
            assertEquals(50300, r.json().get("errorCode").asInt(), "not 42901: the first start gave its slot back");
        }
    }
}
