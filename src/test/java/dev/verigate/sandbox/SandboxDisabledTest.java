package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxRulesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.SinchTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code verigate.sandbox.enabled=false} (the prod default) every sandbox path is a Sinch 404. */
@QuarkusTest
@TestProfile(SandboxDisabledTest.Disabled.class)
class SandboxDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.sandbox.enabled", "false");
        }
    }

    private final SandboxApi api = new SandboxApi();

    @Inject
    SandboxTraffic traffic;

    @Test
    void everySandboxPathIsNotFound() {
        String number = SandboxApi.freshNumber();
        assertError(api.start(number, "sms"), 404, 40400);
        assertError(api.statusByNumber("sms", number), 404, 40400);
        assertError(SinchTestClient.raw("GET", api.base + "/inbox/" + number, Map.of(), null), 404, 40400);
        assertError(SinchTestClient.raw("GET", api.base + "/seamless/abc", Map.of(), null), 404, 40400);
        assertError(SinchTestClient.raw("GET", api.base, Map.of(), null), 404, 40400);
        assertEquals(0, traffic.requests());
    }
}
