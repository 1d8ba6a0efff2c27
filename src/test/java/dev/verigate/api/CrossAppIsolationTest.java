package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** App beta can never see or report on app alpha's verifications, and both may use one reference. */
@QuarkusTest
class CrossAppIsolationTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();
    private final SinchTestClient beta = Gateway.beta();

    private void assertNotFoundWithoutSinch(Reply r, long requestsBefore) {
        assertEquals(404, r.status(), r::toString);
        assertEquals(40400, r.json().get("errorCode").asInt());
        assertEquals(requestsBefore, traffic.requests(), "the other app's request never reached Sinch");
    }

    @Test
    void anotherAppsVerificationDoesNotExistForBeta() {
        String number = TestNumbers.next();
        String reference = "shared-" + System.nanoTime();
        JsonNode started =
                Flows.ok(alpha.post(VERIFICATIONS, VerificationFlowTest.startBody("sms", number, reference)));
        String id = started.get("id").asText();
        String code = Flows.delivered(number, id);
        String report = VerificationFlowTest.reportBody("sms", code);

        long before = traffic.requests();
        // By id: the ownership record names alpha, so beta gets a 404 without Sinch hearing of it.
        assertNotFoundWithoutSinch(beta.get(VERIFICATIONS + "/id/" + id), before);
        assertNotFoundWithoutSinch(beta.put(VERIFICATIONS + "/id/" + id, report), before);
        // By number: beta has no record for it, which could be Redis having forgotten, so Sinch is asked for its
        // latest verification there (a status lookup from beta's quota); it is alpha's, so still a 404.
        Reply byNumber = beta.get(VERIFICATIONS + "/sms/number/" + number);
        assertEquals(404, byNumber.status(), byNumber::toString);
        Reply reportByNumber = beta.put(VERIFICATIONS + "/number/" + number, report);
        assertEquals(404, reportByNumber.status(), reportByNumber::toString);
        assertEquals(before + 2, traffic.requests(), "two status lookups, no report reached Sinch");

        // By reference beta's lookup goes upstream in beta's namespace, where alpha's reference is unknown.
        Reply byRef = beta.get(VERIFICATIONS + "/reference/" + reference);
        assertEquals(404, byRef.status(), byRef::toString);

        // The same reference is free for beta, and each app still finds its own verification by it.
        String betaId = Flows.ok(
                        beta.post(VERIFICATIONS, VerificationFlowTest.startBody("sms", TestNumbers.next(), reference)))
                .get("id")
                .asText();
        assertNotEquals(id, betaId);
        assertEquals(
                betaId,
                Flows.ok(beta.get(VERIFICATIONS + "/reference/" + reference))
                        .get("id")
                        .asText());
        assertEquals(
                id,
                Flows.ok(alpha.get(VERIFICATIONS + "/reference/" + reference))
                        .get("id")
                        .asText());

        // Beta's attempts changed nothing: alpha's code still verifies.
        assertEquals(
                "SUCCESSFUL",
                Flows.ok(alpha.put(VERIFICATIONS + "/id/" + id, report))
                        .get("status")
                        .asText());
    }
}
