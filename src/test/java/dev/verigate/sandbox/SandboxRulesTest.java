package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxApi.cliReport;
import static dev.verigate.sandbox.SandboxApi.codeReport;
import static dev.verigate.sandbox.SandboxApi.identity;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Wrong codes, expiry, aborts, reference uniqueness, finished verifications and unknown ones. */
@QuarkusTest
class SandboxRulesTest {

    private final SandboxApi api = new SandboxApi();

    @Inject
    SandboxTraffic traffic;

    @Test
    void wrongCodeFailsButTheUserMayRetry() {
        String number = SandboxApi.freshNumber();
        String id = api.start(number, "sms").json().get("id").asText();
        String code = api.lastDelivered(number);

        JsonNode wrong = api.report(id, codeReport("sms", wrongCode(code))).json();
        assertEquals("FAIL", wrong.get("status").asText());
        assertEquals("Invalid code", wrong.get("reason").asText());
        assertEquals("PENDING", api.status(id).json().get("status").asText(), "wrong-code-terminal is false");

        assertEquals(
                "SUCCESSFUL",
                api.report(id, codeReport("sms", code)).json().get("status").asText());
        JsonNode again = api.report(id, codeReport("sms", wrongCode(code))).json();
        assertEquals("SUCCESSFUL", again.get("status").asText(), "a finished verification answers its final state");
    }

    @Test
    void wrongFlashCallCliIsInvalidCli() {
        String number = SandboxApi.freshNumber();
        String id = api.start(number, "flashcall").json().get("id").asText();
        JsonNode wrong = api.report(id, cliReport("+46700000000")).json();
        assertEquals("FAIL", wrong.get("status").asText());
        assertEquals("Invalid CLI", wrong.get("reason").asText());
        assertTrue(wrong.get("callComplete").asBoolean());
    }

    @Test
    void aPendingVerificationExpires() {
        String number = SandboxApi.freshNumber();
        String id = api.start("{\"identity\":" + identity(number) + ",\"method\":\"sms\","
                        + "\"smsOptions\":{\"expiry\":\"00:00:01\"}}")
                .json()
                .get("id")
                .asText();
        String code = api.lastDelivered(number);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.status(id).json().get("status").asText().equals("FAIL"));
        assertEquals("Expired", api.status(id).json().get("reason").asText());
        JsonNode late = api.report(id, codeReport("sms", code)).json();
        assertEquals("FAIL", late.get("status").asText());
        assertEquals("Expired", late.get("reason").asText());
    }

    @Test
    void aNewStartAbortsThePendingOneOfTheSameNumber() {
        String number = SandboxApi.freshNumber();
        String first = api.start(number, "sms").json().get("id").asText();
        String firstCode = api.lastDelivered(number);
        String second = api.start(number, "callout").json().get("id").asText();

        assertEquals("ABORTED", api.status(first).json().get("status").asText());
        assertEquals(
                "ABORTED",
                api.report(first, codeReport("sms", firstCode))
                        .json()
                        .get("status")
                        .asText());
        assertEquals("PENDING", api.status(second).json().get("status").asText());
        JsonNode byNumber =
                api.reportByNumber(number, codeReport("sms", firstCode)).json();
        assertEquals(first, byNumber.get("id").asText(), "the latest sms verification of the number");
        assertEquals("ABORTED", byNumber.get("status").asText());
    }

    @Test
    void aReferenceIsUniqueAndCreatesNothingTwice() {
        String reference = "order-" + UUID.randomUUID();
        String body = "{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"sms\",\"reference\":\""
                + reference + "\"}";
        assertEquals(200, api.start(body).status());
        long created = traffic.startsCreated();

        Reply duplicate = api.start("{\"identity\":" + identity(SandboxApi.freshNumber())
                + ",\"method\":\"sms\",\"reference\":\"" + reference + "\"}");
        assertError(duplicate, 409, 40900);
        assertEquals(
                "Reference already defined.", duplicate.json().get("message").asText());
        assertEquals(created, traffic.startsCreated());
    }

    @Test
    void theReportedMethodMustBeTheVerificationsMethod() {
        String number = SandboxApi.freshNumber();
        String id = api.start(number, "flashcall").json().get("id").asText();
        Reply mismatch = api.report(id, codeReport("sms", "1234"));
        assertError(mismatch, 400, 40001);
        assertTrue(mismatch.json().get("message").asText().contains("flashcall"), mismatch.toString());
    }

    @Test
    void reportByIdentityTakesTheLatestOfTheBodysMethod() {
        String number = SandboxApi.freshNumber();
        api.start(number, "sms");
        String whatsapp = api.start(number, "whatsapp").json().get("id").asText();
        String code = api.lastDelivered(number);
        JsonNode reported =
                api.reportByNumber(number, codeReport("whatsapp", code)).json();
        assertEquals(whatsapp, reported.get("id").asText());
        assertEquals("SUCCESSFUL", reported.get("status").asText());
    }

    @Test
    void unknownVerificationsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        String nobody = SandboxApi.freshNumber();
        assertError(api.status(unknown), 404, 40400);
        assertError(api.report(unknown, codeReport("sms", "1234")), 404, 40400);
        assertError(api.statusByReference("never-" + unknown), 404, 40400);
        assertError(api.statusByNumber("sms", nobody), 404, 40400);
        assertError(api.reportByNumber(nobody, codeReport("sms", "1234")), 404, 40400);
    }

    @Test
    void statusByIdentityValidatesItsPath() {
        assertError(api.statusByNumber("telegram", SandboxApi.freshNumber()), 400, 40001);
        assertError(api.statusByNumber("sms", "+4613"), 400, 40001);
        assertError(api.statusByNumber("sms", "%2B4613"), 400, 40001);
    }

    static void assertError(Reply reply, int status, int errorCode) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("application/json", reply.header("Content-Type"), reply.toString());
        assertEquals(errorCode, reply.json().get("errorCode").asInt(), reply.toString());
        UUID.fromString(reply.json().get("reference").asText());
    }

    private static String wrongCode(String code) {
        return code.equals("0000") ? "1111" : "0000";
    }
}
