package dev.verigate.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.verigate.sandbox.CallbackJournal.REQUEST;
import static dev.verigate.sandbox.CallbackJournal.RESULT;
import static dev.verigate.sandbox.CallbackJournal.SMS_DELIVERED;
import static dev.verigate.sandbox.CallbackJournal.fieldNames;
import static dev.verigate.sandbox.SandboxApi.VERIFICATIONS;
import static dev.verigate.sandbox.SandboxApi.codeReport;
import static dev.verigate.sandbox.SandboxApi.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.WireMockCallbacks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The synchronous VerificationRequestEvent (reference §6.1): what it carries, and how its answer
 * allows, shapes or denies the start, with WireMock as the app's callback endpoint.
 */
@QuarkusTest
@TestProfile(CallbackProfile.class)
@WithTestResource(WireMockCallbacks.class)
class SandboxRequestCallbackTest extends SandboxCallbackTestBase {

    @Test
    void theRequestEventCarriesTheStartAndAnAllowedSmsIsDelivered() {
        String number = SandboxApi.freshNumber();
        Reply started = api.client.post(
                VERIFICATIONS,
                "{\"identity\":" + identity(number) + ",\"method\":\"sms\"," + "\"reference\":\"req-" + number
                        + "\",\"custom\":\"user=42\"}",
                Map.of("Accept-Language", "es-ES, sv;q=0.5"));
        assertEquals(200, started.status(), started.toString());
        String id = started.json().get("id").asText();

        JsonNode event = journal.awaitOne(number, REQUEST);
        assertEquals(
                Set.of("id", "event", "method", "identity", "reference", "custom", "price", "acceptLanguage"),
                fieldNames(event));
        assertEquals(id, event.get("id").asText());
        assertEquals("sms", event.get("method").asText());
        assertEquals(
                "{\"type\":\"number\",\"endpoint\":\"" + number + "\"}",
                event.get("identity").toString());
        assertEquals("req-" + number, event.get("reference").asText());
        assertEquals("user=42", event.get("custom").asText());
        assertEquals(
                "{\"currencyId\":\"EUR\",\"amount\":0.0453}", event.get("price").toString());
        assertEquals("[\"es-ES\",\"sv\"]", event.get("acceptLanguage").toString());

        assertEquals("PENDING", api.status(id).json().get("status").asText());
        assertEquals(1, api.inbox(number).size());
        JsonNode delivered = journal.awaitOne(number, SMS_DELIVERED);
        assertEquals(
                Set.of("id", "event", "method", "identity", "reference", "custom", "smsResult"), fieldNames(delivered));
        assertEquals(id, delivered.get("id").asText());
        assertEquals("Successful", delivered.get("smsResult").asText());
    }

    @Test
    void anAllowWithAnSmsObjectSetsTheCodeTypeAndLanguage() {
        String number = SandboxApi.freshNumber();
        journal.answer(
                number,
                okJson("{\"action\":\"allow\",\"sms\":{\"code\":\"3688\",\"codeType\":\"Numeric\","
                        + "\"expiry\":\"00:05:00\",\"acceptLanguage\":[\"sv-SE\"]}}"));
        Reply started = api.start(number, "sms");
        assertEquals(
                "Din verifieringskod är {{CODE}}.",
                started.json().at("/sms/template").asText());
        assertEquals("Numeric", started.json().at("/sms/codeType").asText());
        JsonNode message = api.inbox(number).get(0);
        assertEquals("3688", message.get("code").asText());
        assertEquals("Din verifieringskod är 3688.", message.get("text").asText());

        String id = started.json().get("id").asText();
        assertEquals(
                "SUCCESSFUL",
                api.report(id, codeReport("sms", "3688")).json().get("status").asText());
    }

    @Test
    void anAllowWithAFlashCallObjectSetsTheCliAndTimeout() {
        String number = SandboxApi.freshNumber();
        String cli = SandboxApi.freshNumber();
        journal.answer(
                number,
                okJson("{\"action\":\"allow\",\"flashCall\":{\"cli\":\"" + cli + "\","
                        + "\"dialTimeout\":10,\"interceptionTimeout\":30}}"));
        Reply started = api.start(number, "flashcall");
        JsonNode flashCall = started.json().get("flashCall");
        assertEquals(30, flashCall.get("interceptionTimeout").asInt());
        assertEquals(
                "(.*)" + cli.substring(cli.length() - 4) + "(.*)",
                flashCall.get("cliFilter").asText());
        assertEquals(cli, api.lastDelivered(number));
        assertEquals(
                Set.of("id", "event", "method", "identity", "price"),
                fieldNames(journal.awaitOne(number, REQUEST)),
                "no reference, custom or Accept-Language given");

        Reply reported = api.report(started.json().get("id").asText(), SandboxApi.cliReport(cli));
        assertEquals("SUCCESSFUL", reported.json().get("status").asText());
    }

    @Test
    void anAllowWithACalloutCodeIsTheCodeSpoken() {
        String number = SandboxApi.freshNumber();
        journal.answer(
                number,
                okJson("{\"action\":\"allow\",\"callout\":{\"code\":\"4567\","
                        + "\"speech\":{\"locale\":\"en-US\"}}}"));
        String id = api.start(number, "callout").json().get("id").asText();
        assertEquals("4567", api.lastDelivered(number));
        assertEquals(
                "SUCCESSFUL",
                api.report(id, codeReport("callout", "4567"))
                        .json()
                        .get("status")
                        .asText());
    }

    @Test
    void aDenyStoresDeniedAndDeliversNothing() {
        String number = SandboxApi.freshNumber();
        journal.answer(number, okJson("{\"action\":\"deny\"}"));
        Reply started = api.start(number, "sms");
        assertEquals(200, started.status(), started.toString());
        assertEquals("sms", started.json().get("method").asText());
        String id = started.json().get("id").asText();

        assertDenied(id, number, "Denied by callback");
        journal.assertNone(number, SMS_DELIVERED);
    }

    @Test
    void anInvalidAnswerIsAnInvalidCallback() {
        List<ResponseDefinitionBuilder> invalid = List.of(
                okJson("{\"action\":\"maybe\"}"),
                okJson("{}"),
                ok("allow"),
                aResponse().withStatus(500).withBody("{\"action\":\"allow\"}"),
                aResponse().withStatus(404),
                okJson("{\"action\":\"allow\",\"sms\":{\"codeType\":\"Hex\"}}"),
                okJson("{\"action\":\"allow\",\"sms\":{\"code\":\"36 88\"}}"));
        for (ResponseDefinitionBuilder answer : invalid) {
            String number = SandboxApi.freshNumber();
            journal.answer(number, answer);
            Reply started = api.start(number, "sms");
            assertEquals(200, started.status(), started.toString());
            assertDenied(started.json().get("id").asText(), number, "Invalid callback");
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnInvalidCallback() {
        String number = SandboxApi.freshNumber();
        journal.answer(number, okJson("{\"action\":\"allow\"}").withFixedDelay(2000));
        long before = System.nanoTime();
        Reply started = api.start(number, "sms");
        long millis = (System.nanoTime() - before) / 1_000_000;
        // The start waited the 500 ms timeout, not the 2 s the endpoint takes.
        assertTrue(millis >= CallbackProfile.TIMEOUT_MILLIS && millis < 1800, millis + " ms");
        assertEquals(200, started.status(), started.toString());
        assertDenied(started.json().get("id").asText(), number, "Invalid callback");
    }

    /** DENIED with the reason, nothing delivered, and one result event saying so. */
    private void assertDenied(String id, String number, String reason) {
        JsonNode status = api.status(id).json();
        assertEquals("DENIED", status.get("status").asText());
        assertEquals(reason, status.get("reason").asText());
        assertEquals(0, api.inbox(number).size());
        JsonNode result = journal.awaitOne(number, RESULT);
        assertEquals(id, result.get("id").asText());
        assertEquals("DENIED", result.get("status").asText());
        assertEquals(reason, result.get("reason").asText());
    }
}
