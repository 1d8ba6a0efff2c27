package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxRulesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each magic suffix, with what it creates and delivers counted through {@link SandboxTraffic}. */
@QuarkusTest
class SandboxMagicNumbersTest {

    private final SandboxApi api = new SandboxApi();

    @Inject
    SandboxTraffic traffic;

    @BeforeEach
    void reset() {
        traffic.reset();
    }

    @Test
    void deniedIsCreatedButNotDelivered() {
        String number = SandboxApi.magicNumber("0403");
        Reply started = api.start(number, "sms");
        assertEquals(200, started.status(), started.toString());
        JsonNode status = api.status(started.json().get("id").asText()).json();
        assertEquals("DENIED", status.get("status").asText());
        assertEquals("Blocked", status.get("reason").asText());
        assertEquals(0, api.inbox(number).size());
        assertEquals(1, traffic.startsCreated());
    }

    @Test
    void unreachableIsAnErrorAndTheCallFailed() {
        String number = SandboxApi.magicNumber("0410");
        Reply started = api.start(number, "callout");
        assertEquals(200, started.status(), started.toString());
        JsonNode status = api.statusByNumber("callout", number).json();
        assertEquals("ERROR", status.get("status").asText());
        assertEquals("Network error or number unreachable", status.get("reason").asText());
        assertFalse(status.get("callComplete").asBoolean());
        assertEquals("FAILED", status.get("callResult").asText());
        assertEquals(0, api.inbox(number).size());
    }

    @Test
    void capacityExceededCreatesNothing() {
        String number = SandboxApi.magicNumber("0429");
        Reply refused = api.start(number, "sms");
        assertError(refused, 429, 42900);
        assertEquals("Request capacity exceeded.", refused.json().get("message").asText());
        assertError(api.statusByNumber("sms", number), 404, 40400);
        assertEquals(0, traffic.startsCreated());
        assertEquals(2, traffic.requests());
    }

    @Test
    void unavailableCreatesNothing() {
        String number = SandboxApi.magicNumber("0503");
        assertError(api.start(number, "sms"), 503, 50300);
        assertEquals(0, api.inbox(number).size());
        assertEquals(0, traffic.startsCreated());
    }

    @Test
    void internalErrorStillCreatedAndDeliveredTheVerification() {
        String number = SandboxApi.magicNumber("0500");
        String reference = "ambiguous-" + UUID.randomUUID();
        Reply failed = api.start("{\"identity\":" + SandboxApi.identity(number) + ",\"method\":\"sms\","
                + "\"reference\":\"" + reference + "\"}");
        assertError(failed, 500, 50000);
        assertEquals(1, traffic.startsCreated());
        String code = api.lastDelivered(number);
        JsonNode status = api.statusByReference(reference).json();
        assertEquals("PENDING", status.get("status").asText());
        assertEquals(
                "SUCCESSFUL",
                api.report(status.get("id").asText(), SandboxApi.codeReport("sms", code))
                        .json()
                        .get("status")
                        .asText());
    }

    @Test
    void slowAnswersAfterTheDelayWithoutBlockingOthers() throws Exception {
        Duration delay = ConfigProvider.getConfig().getValue("verigate.sandbox.slow-delay", Duration.class);
        String number = SandboxApi.magicNumber("0504");
        long before = System.nanoTime();
        CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> api.start(number, "sms"));

        // Meanwhile the sandbox keeps answering: the verification is already created and delivered.
        org.awaitility.Awaitility.await()
                .atMost(delay)
                .until(() -> api.inbox(number).size() == 1);
        assertEquals(200, api.statusByNumber("sms", number).status());
        assertFalse(slow.isDone(), "answered before " + delay);

        Reply answered = slow.get();
        assertEquals(200, answered.status(), answered.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(delay) >= 0);
        assertEquals(1, traffic.startsCreated());
    }

    @Test
    void onlyTheLastFourDigitsAreMagic() {
        Reply started = api.start("+46704031234", "sms");
        assertEquals(200, started.status());
        assertEquals(
                "PENDING",
                api.status(started.json().get("id").asText())
                        .json()
                        .get("status")
                        .asText());
    }
}
