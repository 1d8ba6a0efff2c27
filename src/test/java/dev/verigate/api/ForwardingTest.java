package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verigate.sandbox.ReceivedRequest;
import dev.verigate.sandbox.ReceivedRequests;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Verigate forwards of a body, read where Sinch would read it (the sandbox's record of the bodies it received):
 * the fields it does not interpret travel on unchanged, the ones it does arrive in canonical form, and a body nested
 * beyond the bound is refused without reaching Sinch or costing quota.
 */
@QuarkusTest
class ForwardingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ReceivedRequests received;

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The one start body the sandbox received for the number. */
    private JsonNode receivedStart(String number) {
        List<ReceivedRequest> all = received.of(number);
        assertEquals(1, all.size(), () -> "bodies received for " + number + ": " + all);
        assertEquals("start", all.get(0).request());
        return all.get(0).body();
    }

    @Test
    void unknownTopLevelFieldsAndIdentityKeysTravelOnUnchanged() {
        String number = TestNumbers.next();
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\",\"verified\":false},"
                + "\"method\":\"sms\",\"custom\":\"user=42\",\"metadata\":{\"os\":\"android\",\"tags\":[1,{\"a\":null}]},"
                + "\"futureOption\":true}";
        Flows.ok(alpha.post(VERIFICATIONS, body));

        JsonNode upstream = receivedStart(number);
        assertEquals(json("{\"os\":\"android\",\"tags\":[1,{\"a\":null}]}"), upstream.get("metadata"));
        assertEquals(json("true"), upstream.get("futureOption"));
        assertEquals(json("false"), upstream.path("identity").get("verified"));
        assertEquals("user=42", upstream.get("custom").asText());
    }

    @Test
    void theMethodsOwnOptionsKeepTheirUnknownKeysAndKnownOnesArriveCanonical() {
        String number = TestNumbers.next();
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"SMS\","
                + "\"smsOptions\":{\"codeType\":\"numeric\",\"expiry\":\"00:05:00\","
                + "\"template\":\"Your code: {{CODE}}\",\"applicationHash\":\"FA+9qCX9VSu\"}}";
        Flows.ok(alpha.post(VERIFICATIONS, body));

        JsonNode upstream = receivedStart(number);
        assertEquals("sms", upstream.get("method").asText(), "the method in Sinch's spelling");
        assertEquals(
                json("{\"codeType\":\"Numeric\",\"expiry\":\"00:05:00\",\"template\":\"Your code: {{CODE}}\","
                        + "\"applicationHash\":\"FA+9qCX9VSu\"}"),
                upstream.get("smsOptions"));
    }

    @Test
    void aFlashCallsLegacyCliAndAnotherMethodsOptionsTravelOnUnchanged() {
        String number = TestNumbers.next();
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"flashcall\","
                + "\"flashCallOptions\":{\"dialTimeout\":15,\"cli\":\"+46700000001\"},"
                + "\"smsOptions\":{\"codeType\":\"Hex\"}}";
        Flows.ok(alpha.post(VERIFICATIONS, body));

        JsonNode upstream = receivedStart(number);
        assertEquals(json("{\"dialTimeout\":15,\"cli\":\"+46700000001\"}"), upstream.get("flashCallOptions"));
        assertEquals(
                json("{\"codeType\":\"Hex\"}"),
                upstream.get("smsOptions"),
                "not Verigate's to judge: Sinch ignores the options of another method");
    }

    @Test
    void theReferenceIsTheOnlyFieldVerigateRewrites() {
        String number = TestNumbers.next();
        String reference = "order-" + System.nanoTime();
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"sms\","
                + "\"reference\":\"" + reference + "\"}";
        Flows.ok(alpha.post(VERIFICATIONS, body));

        JsonNode upstream = receivedStart(number);
        assertEquals("alpha:" + reference, upstream.get("reference").asText(), "namespaced per app upstream");
        assertEquals(
                json("{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"sms\","
                        + "\"reference\":\"alpha:" + reference + "\"}"),
                upstream);
    }

    @Test
    void aReportsUnknownFieldsTravelOnUnchanged() {
        String number = TestNumbers.next();
        String id = Flows.startSms(alpha, number);
        String code = Flows.delivered(number, id);
        String body = "{\"method\":\"sms\",\"sms\":{\"code\":\"" + code + "\",\"cli\":\"InfoSMS\"},\"note\":[\"x\"]}";
        assertEquals(
                "SUCCESSFUL",
                Flows.ok(alpha.put(VERIFICATIONS + "/id/" + id, body))
                        .get("status")
                        .asText());

        ReceivedRequest report = received.of(number).get(0);
        assertEquals("report", report.request());
        assertEquals(json(body), report.body());
    }

    @Test
    void aBodyNestedDeeperThanTheBoundIsRefusedNamingTheFieldAndCostsNothing() {
        String number = TestNumbers.next();
        String deep = "{\"a\":".repeat(8) + "1" + "}".repeat(8); // the body is level 1, metadata 2, ... the last 9
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"sms\","
                + "\"metadata\":" + deep + "}";
        long before = traffic.requests();

        Reply refused = alpha.post(VERIFICATIONS, body);

        assertEquals(400, refused.status(), refused::toString);
        assertEquals(40001, refused.json().get("errorCode").asInt());
        assertTrue(
                refused.json().get("message").asText().contains("'metadata.a.a.a.a.a.a.a'"),
                refused.json().get("message").asText());
        assertEquals(before, traffic.requests(), "nothing reached Sinch");
        assertEquals(List.of(), received.of(number));
        Reply next = alpha.post(VERIFICATIONS, Gateway.startBody("sms", number));
        assertEquals(2, Flows.remaining(next, "number-start-10m"), "the refused start took no token: 3 - 1");

        String atTheBound = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + TestNumbers.next()
                + "\"},\"method\":\"sms\",\"metadata\":" + "{\"a\":".repeat(7) + "1" + "}".repeat(7) + "}";
        Flows.ok(alpha.post(VERIFICATIONS, atTheBound));
    }
}
