package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full flows through the gateway to the sandbox, with a client that signs like the official Java SDK:
 * start, read what the phone received, report, and look the verification up by id, by method and
 * number, and by reference.
 */
@QuarkusTest
class VerificationFlowTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    static String startBody(String method, String number, String reference) {
        return "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"" + method
                + "\",\"reference\":\"" + reference + "\",\"custom\":\"user=42\",\"someFutureField\":{\"x\":1}}";
    }

    static String reportBody(String method, String secret) {
        return switch (method) {
            case "flashcall" -> "{\"method\":\"flashcall\",\"flashCall\":{\"cli\":\"" + secret + "\"}}";
            default -> "{\"method\":\"" + method + "\",\"" + method + "\":{\"code\":\"" + secret + "\"}}";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sms", "flashcall", "callout", "whatsapp"})
    void startReportAndEveryLookup(String method) {
        String number = TestNumbers.next();
        String reference = "order-" + method + "-" + System.nanoTime();
        long startsBefore = traffic.startsCreated();

        JsonNode started = Flows.ok(alpha.post(VERIFICATIONS, startBody(method, number, reference)));
        String id = started.get("id").asText();
        assertEquals(method, started.get("method").asText());
        assertEquals(startsBefore + 1, traffic.startsCreated(), "exactly one verification reached Sinch");
        for (JsonNode link : started.get("_links")) {
            assertEquals(
                    Gateway.baseUrl() + VERIFICATIONS + "/id/" + id,
                    link.get("href").asText(),
                    "links point at the gateway, not at Sinch");
        }

        JsonNode report =
                Flows.ok(alpha.put(VERIFICATIONS + "/id/" + id, reportBody(method, Flows.delivered(number, id))));
        assertEquals("SUCCESSFUL", report.get("status").asText());
        assertEquals(method, report.get("method").asText());

        JsonNode byId = Flows.ok(alpha.get(VERIFICATIONS + "/id/" + id));
        assertEquals("SUCCESSFUL", byId.get("status").asText());
        assertEquals(reference, byId.get("reference").asText(), "the app sees its own reference");
        assertEquals(number, byId.get("identity").get("endpoint").asText());
        assertEquals("SE", byId.get("countryId").asText());

        assertEquals(
                id,
                Flows.ok(alpha.get(VERIFICATIONS + "/" + method + "/number/" + number))
                        .get("id")
                        .asText());
        assertEquals(
                id,
                Flows.ok(alpha.get(VERIFICATIONS + "/reference/" + reference))
                        .get("id")
                        .asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sms", "flashcall", "callout", "whatsapp"})
    void reportByIdentityReachesTheAppsLatestVerification(String method) {
        String number = TestNumbers.next();
        String id = Flows.ok(alpha.post(VERIFICATIONS, Gateway.startBody(method, number)))
                .get("id")
                .asText();
        JsonNode wrong = Flows.ok(alpha.put(
                VERIFICATIONS + "/number/" + number,
                reportBody(
                        method,
                        method.equals("flashcall")
                                ? "+46700000001"
                                : Flows.delivered(number, id).equals("0000") ? "1111" : "0000")));
        assertEquals("FAIL", wrong.get("status").asText());
        JsonNode right = Flows.ok(
                alpha.put(VERIFICATIONS + "/number/" + number, reportBody(method, Flows.delivered(number, id))));
        assertEquals("SUCCESSFUL", right.get("status").asText());
        assertEquals(id, right.get("id").asText());
    }

    @Test
    void seamlessStartsAndCompletesWhenTheDeviceOpensTheTargetUri() {
        String number = TestNumbers.next();
        JsonNode started = Flows.ok(alpha.post(VERIFICATIONS, Gateway.startBody("seamless", number)));
        String target = started.get("seamless").get("targetUri").asText();
        Flows.ok(SinchTestClient.raw("GET", target, Map.of(), null));
        assertEquals(
                "SUCCESSFUL",
                Flows.ok(alpha.get(VERIFICATIONS + "/id/" + started.get("id").asText()))
                        .get("status")
                        .asText());
    }

    @Test
    void percentEncodedPlusInTheNumberPathWorksLikeTheLiteralPlus() {
        String number = TestNumbers.next();
        String id = Flows.ok(alpha.post(VERIFICATIONS, Gateway.startBody("sms", number)))
                .get("id")
                .asText();
        assertEquals(
                id,
                Flows.ok(alpha.get(VERIFICATIONS + "/sms/number/" + number.replace("+", "%2B")))
                        .get("id")
                        .asText());
    }

    @Test
    void acceptLanguageReachesSinch() {
        String number = TestNumbers.next();
        JsonNode started = Flows.ok(
                alpha.post(VERIFICATIONS, Gateway.startBody("sms", number), Map.of("Accept-Language", "sv-SE")));
        assertTrue(started.get("sms").get("template").asText().startsWith("Din verifieringskod"), started::toString);
    }

    @Test
    void basicAuthWorksForAnAppThatAllowsIt() {
        String number = TestNumbers.next();
        Flows.ok(alpha.with(SinchTestClient.Auth.BASIC).post(VERIFICATIONS, Gateway.startBody("sms", number)));
    }

    @Test
    void sinchErrorsComeBackUnchanged() {
        String number = TestNumbers.magic("0429");
        Reply r = alpha.post(VERIFICATIONS, Gateway.startBody("sms", number));
        assertEquals(429, r.status(), r::toString);
        assertEquals(42900, r.json().get("errorCode").asInt());
        String reference = "dup-" + System.nanoTime();
        Flows.ok(alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next(), reference)));
        Reply dup = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next(), reference));
        assertEquals(409, dup.status(), dup::toString);
        assertEquals(40900, dup.json().get("errorCode").asInt());
    }
}
