package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxApi.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What reaches the number: templates per language, code types, and the inbox's exact shape and order. */
@QuarkusTest
class SandboxDeliveryTest {

    private final SandboxApi api = new SandboxApi();

    @Test
    void acceptLanguagePicksTheSmsTemplate() {
        String swedish = SandboxApi.freshNumber();
        Reply sv = api.client.post(
                SandboxApi.VERIFICATIONS,
                "{\"identity\":" + identity(swedish) + ",\"method\":\"sms\"}",
                Map.of("Accept-Language", "sv-SE"));
        assertEquals(
                "Din verifieringskod är {{CODE}}.",
                sv.json().at("/sms/template").asText());
        String code = api.lastDelivered(swedish);
        assertEquals(
                "Din verifieringskod är " + code + ".",
                api.inbox(swedish).get(0).get("text").asText());

        Reply es = api.client.post(
                SandboxApi.VERIFICATIONS,
                "{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"sms\"}",
                Map.of("Accept-Language", "es-ES,en;q=0.5"));
        assertEquals(
                "Tu código de verificación es {{CODE}}.",
                es.json().at("/sms/template").asText());
    }

    @Test
    void smsAlphanumericCodeIsEchoedAndDelivered() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start("{\"identity\":" + identity(number) + ",\"method\":\"SMS\","
                + "\"smsOptions\":{\"codeType\":\"Alphanumeric\",\"expiry\":\"00:05:00\"}}");
        assertEquals("sms", started.json().get("method").asText());
        assertEquals("Alphanumeric", started.json().at("/sms/codeType").asText());
        assertTrue(api.lastDelivered(number).matches("[A-Z0-9]{4}"));
    }

    @Test
    void inboxIsNewestFirstAndAcceptsAnEncodedPlus() {
        String number = SandboxApi.freshNumber();
        String first = api.start(number, "sms").json().get("id").asText();
        String second = api.start(number, "callout").json().get("id").asText();
        JsonNode inbox = api.inbox(number.replace("+", "%2B"));
        assertEquals(2, inbox.size());
        assertEquals(second, inbox.get(0).get("verificationId").asText());
        assertEquals(first, inbox.get(1).get("verificationId").asText());
        assertEquals(inbox, api.inbox(number));
        assertEquals(0, api.inbox(SandboxApi.freshNumber()).size());
    }

    @Test
    void inboxEntriesHaveExactlyTheDocumentedKeys() {
        String number = SandboxApi.freshNumber();
        String id = api.start(number, "flashcall").json().get("id").asText();
        Reply inbox = SinchTestClient.raw("GET", api.base + "/inbox/" + number, Map.of(), null);
        assertTrue(
                inbox.header("Content-Type").startsWith("application/json"),
                inbox.headers().toString());
        JsonNode entry = inbox.json().get(0);
        String cli = entry.get("cli").asText();
        assertTrue(
                inbox.body()
                        .matches("\\[\\{\"verificationId\":\"" + id + "\",\"method\":\"flashcall\","
                                + "\"code\":null,\"cli\":\"\\" + cli
                                + "\",\"text\":\"[^\"]+\",\"at\":\"[^\"]+\"\\}\\]"),
                inbox.body());
    }
}
