package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxApi.identity;
import static dev.verigate.sandbox.SandboxRulesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Bad input answers 400/40001 saying what is wrong, and creates nothing. */
@QuarkusTest
class SandboxValidationTest {

    private final SandboxApi api = new SandboxApi();

    @Inject
    SandboxTraffic traffic;

    @Test
    void invalidStartsSayWhatIsWrongAndCreateNothing() {
        String n = identity(SandboxApi.freshNumber());
        long created = traffic.startsCreated();
        refused("{\"method\":\"sms\"}", "Identity");
        refused("{\"identity\":{\"type\":\"email\",\"endpoint\":\"a@b.se\"},\"method\":\"sms\"}", "identity.type");
        refused("{\"identity\":" + identity("+4613") + ",\"method\":\"sms\"}", "Too short");
        refused("{\"identity\":" + identity("46701234567") + ",\"method\":\"sms\"}", "E.164");
        refused("{\"identity\":" + n + "}", "Method");
        refused("{\"identity\":" + n + ",\"method\":\"telegram\"}", "telegram");
        refused("{\"identity\":" + n + ",\"method\":\"sms\",\"custom\":\"" + "x".repeat(4097) + "\"}", "4096");
        refused("{\"identity\":" + n + ",\"method\":\"sms\",\"reference\":\" \"}", "reference");
        refused("{\"identity\":" + n + ",\"method\":\"sms\",\"smsOptions\":{\"expiry\":\"10:00\"}}", "HH:MM:SS");
        refused("{\"identity\":" + n + ",\"method\":\"sms\",\"smsOptions\":{\"expiry\":\"00:61:00\"}}", "HH:MM:SS");
        refused(
                "{\"identity\":" + n + ",\"method\":\"sms\",\"smsOptions\":{\"codeType\":\"Hex\"}}",
                "smsOptions.codeType");
        refused(
                "{\"identity\":" + n + ",\"method\":\"whatsapp\",\"whatsappOptions\":{\"codeType\":\"Emoji\"}}",
                "whatsappOptions.codeType");
        refused(
                "{\"identity\":" + n + ",\"method\":\"flashcall\",\"flashCallOptions\":{\"dialTimeout\":4}}",
                "dialTimeout");
        refused(
                "{\"identity\":" + n + ",\"method\":\"flashcall\","
                        + "\"flashCallOptions\":{\"interceptionTimeout\":121}}",
                "interceptionTimeout");
        refused("{\"identity\":\"+46701234567\",\"method\":\"sms\"}", "identity");
        refused("{\"identity\":" + n + ",\"method\":\"sms\"", "not valid JSON");
        refused("[]", "JSON object");
        refused("null", "JSON object");
        assertEquals(created, traffic.startsCreated());
    }

    @Test
    void optionsOfAnotherMethodAreIgnoredAndMethodIsCaseInsensitive() {
        Reply started = api.start("{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"flashCall\","
                + "\"smsOptions\":{\"codeType\":\"Hex\"},\"unknownField\":1}");
        assertEquals(200, started.status(), started.toString());
        assertEquals("flashcall", started.json().get("method").asText());
    }

    @Test
    void theBodyMustBeJson() {
        String body = "{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"sms\"}";
        Reply signedPlain = SignedRequests.post(api, SandboxApi.VERIFICATIONS, body, "text/plain");
        assertError(signedPlain, 400, 40001);
        assertTrue(signedPlain.json().get("message").asText().contains("Content-Type"), signedPlain.toString());
        assertError(SignedRequests.post(api, SandboxApi.VERIFICATIONS, "", "application/json"), 400, 40001);
        assertEquals(
                200,
                SignedRequests.post(api, SandboxApi.VERIFICATIONS, body, "application/json; charset=utf-8")
                        .status());
    }

    @Test
    void invalidReportsSayWhatIsWrong() {
        String number = SandboxApi.freshNumber();
        String id = api.start(number, "sms").json().get("id").asText();
        assertError(api.report(id, "{\"sms\":{\"code\":\"1234\"}}"), 400, 40001);
        assertError(api.report(id, "{\"method\":\"seamless\"}"), 400, 40001);
        assertError(api.report(id, "{\"method\":\"sms\",\"sms\":{}}"), 400, 40001);
        assertError(api.report(id, "{\"method\":\"sms\",\"sms\":{\"code\":\"12 34\"}}"), 400, 40001);
        assertError(api.report(id, "{\"method\":\"flashcall\",\"flashCall\":{}}"), 400, 40001);
        assertError(api.reportByNumber("+4613", SandboxApi.codeReport("sms", "1234")), 400, 40001);
        assertEquals("PENDING", api.status(id).json().get("status").asText());
    }

    @Test
    void bodiesOver64KiBAreRefused() {
        String huge = "{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"sms\",\"custom\":\""
                + "x".repeat(64 * 1024) + "\"}";
        assertError(api.start(huge), 413, 41300);
    }

    private void refused(String json, String mentioned) {
        Reply reply = api.start(json);
        assertError(reply, 400, 40001);
        assertTrue(reply.json().get("message").asText().contains(mentioned), json + " -> " + reply);
    }
}
