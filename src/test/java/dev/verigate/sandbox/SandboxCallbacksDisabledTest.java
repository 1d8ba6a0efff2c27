package dev.verigate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.WireMockCallbacks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** With {@code verigate.sandbox.callbacks-enabled=false} nothing is sent, though a callback URL is set. */
@QuarkusTest
@TestProfile(SandboxCallbacksDisabledTest.Off.class)
@WithTestResource(WireMockCallbacks.class)
class SandboxCallbacksDisabledTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.sandbox.callbacks-enabled", "false");
        }
    }

    @WireMockCallbacks.InjectCallbacks
    WireMockServer app;

    private final SandboxApi api = new SandboxApi();

    @Test
    void startsAndReportsBehaveAsWithoutCallbacks() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start(number, "sms");
        assertEquals(200, started.status(), started.toString());
        String id = started.json().get("id").asText();
        assertEquals(
                "SUCCESSFUL",
                api.report(id, SandboxApi.codeReport("sms", api.lastDelivered(number)))
                        .json()
                        .get("status")
                        .asText());
        api.start(SandboxApi.magicNumber("0410"), "sms");

        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> app.getAllServeEvents().isEmpty());
    }
}
