package dev.verigate.sandbox;

import static dev.verigate.sandbox.CallbackJournal.REQUEST;
import static dev.verigate.sandbox.CallbackJournal.RESULT;
import static dev.verigate.sandbox.CallbackJournal.SMS_DELIVERED;
import static dev.verigate.sandbox.CallbackJournal.fieldNames;
import static dev.verigate.sandbox.SandboxApi.codeReport;
import static dev.verigate.sandbox.SandboxApi.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.WireMockCallbacks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fire-and-forget events (reference §6.2, §6.3): a result event after every status change and the
 * SMS delivery receipt, with WireMock as the app's callback endpoint.
 */
@QuarkusTest
@TestProfile(CallbackProfile.class)
@WithTestResource(WireMockCallbacks.class)
class SandboxEventCallbackTest extends SandboxCallbackTestBase {

    @Test
    void aReportSendsOneResultEventWhenItEndsTheVerification() {
        String number = SandboxApi.freshNumber();
        String id = api.start("{\"identity\":" + identity(number) + ",\"method\":\"sms\",\"reference\":\"res-" + number
                        + "\",\"custom\":\"user=7\"}")
                .json()
                .get("id")
                .asText();
        String code = api.lastDelivered(number);

        // A wrong code answers FAIL but leaves the verification PENDING: no status change, no event.
        assertEquals(
                "FAIL",
                api.report(id, codeReport("sms", code.equals("0000") ? "1111" : "0000"))
                        .json()
                        .get("status")
                        .asText());
        assertEquals(
                "SUCCESSFUL",
                api.report(id, codeReport("sms", code)).json().get("status").asText());

        JsonNode result = journal.awaitOne(number, RESULT);
        assertEquals(
                Set.of("id", "event", "method", "identity", "status", "reference", "source", "custom"),
                fieldNames(result));
        assertEquals(id, result.get("id").asText());
        assertEquals("sms", result.get("method").asText());
        assertEquals(number, result.at("/identity/endpoint").asText());
        assertEquals("SUCCESSFUL", result.get("status").asText());
        assertEquals("manual", result.get("source").asText());
        assertEquals("res-" + number, result.get("reference").asText());
        assertEquals("user=7", result.get("custom").asText());
    }

    @Test
    void aNewStartAbortsThePendingOneAndSaysSo() {
        String number = SandboxApi.freshNumber();
        String first = api.start(number, "whatsapp").json().get("id").asText();
        String second = api.start(number, "whatsapp").json().get("id").asText();

        JsonNode aborted = journal.awaitOne(number, RESULT);
        assertEquals(first, aborted.get("id").asText());
        assertEquals("ABORTED", aborted.get("status").asText());
        assertEquals(Set.of("id", "event", "method", "identity", "status"), fieldNames(aborted));
        assertEquals(2, journal.events(number, REQUEST).size());
        assertEquals("PENDING", api.status(second).json().get("status").asText());
        journal.assertNone(number, SMS_DELIVERED);
    }

    @Test
    void anUnreachableSmsFailsItsDeliveryAndEndsInError() {
        String number = SandboxApi.magicNumber("0410");
        String id = api.start(number, "sms").json().get("id").asText();
        assertEquals(1, journal.events(number, REQUEST).size(), "Sinch asks before it tries to deliver");

        JsonNode result = journal.awaitOne(number, RESULT);
        assertEquals("ERROR", result.get("status").asText());
        assertEquals("Network error or number unreachable", result.get("reason").asText());
        JsonNode delivered = journal.awaitOne(number, SMS_DELIVERED);
        assertEquals(id, delivered.get("id").asText());
        assertEquals("Failed", delivered.get("smsResult").asText());
    }

    @Test
    void aBlockedNumberIsDeniedWithoutAsking() {
        String number = SandboxApi.magicNumber("0403");
        String id = api.start(number, "sms").json().get("id").asText();
        JsonNode result = journal.awaitOne(number, RESULT);
        assertEquals(id, result.get("id").asText());
        assertEquals("DENIED", result.get("status").asText());
        assertEquals("Blocked", result.get("reason").asText());
        assertEquals(List.of(), journal.events(number, REQUEST));
        journal.assertNone(number, SMS_DELIVERED);
    }

    @Test
    void anAmbiguousFailureStillAsksAndDelivers() {
        String number = SandboxApi.magicNumber("0500");
        assertEquals(500, api.start(number, "sms").status());
        assertEquals(1, journal.events(number, REQUEST).size());
        assertEquals(
                "Successful",
                journal.awaitOne(number, SMS_DELIVERED).get("smsResult").asText());
    }

    @Test
    void aDataVerificationSendsNoEvents() {
        String number = SandboxApi.freshNumber();
        JsonNode started = api.start(number, "seamless").json();
        SinchTestClient.Reply opened =
                SinchTestClient.raw("GET", started.at("/seamless/targetUri").asText(), Map.of(), null);
        assertEquals("SUCCESSFUL", opened.json().get("status").asText());
        journal.assertNone(number, RESULT);
        assertEquals(List.of(), journal.events(number, REQUEST));
    }
}
