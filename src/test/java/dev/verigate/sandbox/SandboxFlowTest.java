package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxApi.cliReport;
import static dev.verigate.sandbox.SandboxApi.codeReport;
import static dev.verigate.sandbox.SandboxApi.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Start, inbox, report and the three status lookups for every method, as a Sinch SDK would drive them. */
@QuarkusTest
class SandboxFlowTest {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}";

    private final SandboxApi api = new SandboxApi();

    @Test
    void smsFullFlow() {
        String number = SandboxApi.freshNumber();
        String reference = "sms-" + UUID.randomUUID();
        Reply started = api.start("{\"identity\":" + identity(number) + ",\"method\":\"sms\",\"reference\":\""
                + reference + "\",\"custom\":\"user=42\"}");
        assertEquals(200, started.status(), started.toString());
        JsonNode body = started.json();
        String id = body.get("id").asText();
        UUID.fromString(id);
        assertEquals("sms", body.get("method").asText());
        assertEquals(
                "Your verification code is {{CODE}}.", body.at("/sms/template").asText());
        assertEquals(198, body.at("/sms/interceptionTimeout").asInt());
        assertFalse(body.get("sms").has("codeType"), "codeType is only echoed when requested");
        assertLinks(body, id);

        JsonNode message = api.inbox(number).get(0);
        String code = message.get("code").asText();
        assertTrue(code.matches("[0-9]{4}"), code);
        assertEquals(id, message.get("verificationId").asText());
        assertEquals("sms", message.get("method").asText());
        assertTrue(message.has("cli") && message.get("cli").isNull());
        assertEquals(
                "Your verification code is " + code + ".", message.get("text").asText());
        Instant.parse(message.get("at").asText());

        Reply reported = api.report(id, codeReport("sms", code));
        assertEquals(200, reported.status(), reported.toString());
        assertEquals("{\"id\":\"" + id + "\",\"method\":\"sms\",\"status\":\"SUCCESSFUL\"}", reported.body());

        JsonNode status = api.status(id).json();
        assertEquals("SUCCESSFUL", status.get("status").asText());
        assertEquals("manual", status.get("source").asText());
        assertEquals(reference, status.get("reference").asText());
        assertEquals(number, status.at("/identity/endpoint").asText());
        assertEquals("number", status.at("/identity/type").asText());
        assertEquals("SE", status.get("countryId").asText());
        assertTrue(status.get("verificationTimestamp").asText().matches(TIMESTAMP), status.toString());
        assertEquals("EUR", status.at("/price/verificationPrice/currencyId").asText());
        assertEquals(0.0453, status.at("/price/verificationPrice/amount").asDouble());
        assertFalse(status.get("price").has("terminationPrice"));
        assertFalse(status.has("callComplete") || status.has("callResult") || status.has("reason"));
        assertEquals(status, api.statusByNumber("sms", number).json());
        assertEquals(status, api.statusByReference(reference).json());
    }

    @Test
    void flashCallFullFlow() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start("{\"identity\":" + identity(number) + ",\"method\":\"flashcall\","
                + "\"flashCallOptions\":{\"dialTimeout\":15,\"interceptionTimeout\":30}}");
        assertEquals(200, started.status(), started.toString());
        JsonNode flashCall = started.json().get("flashCall");
        String id = started.json().get("id").asText();
        assertEquals(30, flashCall.get("interceptionTimeout").asInt());
        assertEquals(60, flashCall.get("reportTimeout").asInt());
        assertEquals(0, flashCall.get("denyCallAfter").asInt());
        assertEquals(id, flashCall.get("callId").asText());

        JsonNode message = api.inbox(number).get(0);
        String cli = message.get("cli").asText();
        assertTrue(cli.matches("\\+[0-9]{11}"), cli);
        assertTrue(message.get("code").isNull());
        assertTrue(cli.matches(flashCall.get("cliFilter").asText()), flashCall + " vs " + cli);
        assertTrue(flashCall.get("cliFilter").asText().matches("\\(\\.\\*\\)[0-9]{4}\\(\\.\\*\\)"));

        Reply reported = api.reportByNumber(number, cliReport(cli.substring(1)));
        assertEquals(
                "{\"id\":\"" + id + "\",\"method\":\"flashcall\",\"status\":\"SUCCESSFUL\",\"callComplete\":true}",
                reported.body());

        JsonNode status = api.statusByNumber("flashcall", number).json();
        assertEquals(id, status.get("id").asText());
        assertEquals("manual", status.get("source").asText());
        assertTrue(status.get("callComplete").asBoolean());
        assertEquals("ANSWERED", status.get("callResult").asText());
        assertEquals(0.0205, status.at("/price/verificationPrice/amount").asDouble());
        assertEquals("EUR", status.at("/price/terminationPrice/currencyId").asText());
    }

    @Test
    void calloutFullFlow() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start("{\"identity\":" + identity(number) + ",\"method\":\"callout\","
                + "\"calloutOptions\":{\"speech\":{\"locale\":\"fr-FR\"}},\"reference\":\"callout-" + number + "\"}");
        assertEquals(200, started.status(), started.toString());
        String id = started.json().get("id").asText();
        assertEquals(Set.of("id", "method", "_links"), fieldNames(started.json()), "callout has no method object");

        String code = api.lastDelivered(number);
        assertTrue(code.matches("[0-9]{4}"), code);
        JsonNode reported = api.report(id, codeReport("callout", code)).json();
        assertEquals("SUCCESSFUL", reported.get("status").asText());
        assertTrue(reported.get("callComplete").asBoolean());

        JsonNode status = api.statusByReference("callout-" + number).json();
        assertEquals("callout", status.get("method").asText());
        assertEquals("SUCCESSFUL", status.get("status").asText());
        assertFalse(status.has("source"), "Sinch reports source for sms, flashcall and whatsapp only");
        assertEquals("ANSWERED", status.get("callResult").asText());
        assertEquals(0.1852, status.at("/price/verificationPrice/amount").asDouble());
        assertEquals(status, api.statusByNumber("callout", number).json());
        assertEquals(status, api.status(id).json());
    }

    @Test
    void whatsappFullFlowWithAlphaCode() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start("{\"identity\":" + identity(number) + ",\"method\":\"whatsapp\","
                + "\"whatsappOptions\":{\"codeType\":\"Alpha\"}}");
        assertEquals("Alpha", started.json().at("/whatsapp/codeType").asText());
        String id = started.json().get("id").asText();

        String code = api.lastDelivered(number);
        assertTrue(code.matches("[A-Z]{4}"), code);
        JsonNode reported = api.reportByNumber(number, codeReport("whatsapp", code.toLowerCase()))
                .json();
        assertEquals("SUCCESSFUL", reported.get("status").asText());
        assertFalse(reported.has("callComplete"));

        JsonNode status = api.statusByNumber("whatsapp", number).json();
        assertEquals(id, status.get("id").asText());
        assertEquals("manual", status.get("source").asText());
        assertEquals(0.0350, status.at("/price/verificationPrice/amount").asDouble());
    }

    @Test
    void seamlessSucceedsWhenTheDeviceOpensTheTargetUri() {
        String number = SandboxApi.freshNumber();
        Reply started = api.start(number, "seamless");
        String id = started.json().get("id").asText();
        String targetUri = started.json().at("/seamless/targetUri").asText();
        assertEquals(api.base + "/seamless/" + id, targetUri);
        assertEquals(0, api.inbox(number).size(), "a data verification delivers nothing");
        assertEquals("PENDING", api.status(id).json().get("status").asText());

        Reply opened = SinchTestClient.raw("GET", targetUri, Map.of(), null);
        assertEquals(200, opened.status(), opened.toString());
        assertEquals("SUCCESSFUL", opened.json().get("status").asText());
        assertEquals("SUCCESSFUL", api.status(id).json().get("status").asText());
    }

    private void assertLinks(JsonNode body, String id) {
        String href = api.base + "/verification/v1/verifications/id/" + id;
        JsonNode links = body.get("_links");
        assertEquals(2, links.size());
        assertEquals(
                "{\"rel\":\"status\",\"href\":\"" + href + "\",\"method\":\"GET\"}",
                links.get(0).toString());
        assertEquals(
                "{\"rel\":\"report\",\"href\":\"" + href + "\",\"method\":\"PUT\"}",
                links.get(1).toString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
