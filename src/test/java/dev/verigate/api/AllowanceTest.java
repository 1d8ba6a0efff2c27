package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /verigate/v1/allowance/{number}} tells an app when a number may get its next code and why not
 * earlier, and agrees with what a start then gets; a look takes nothing. Test limits: numbers 3/10m,10/24h with a
 * 30 s cooldown, Finland blocked; app beta may use sms and flashcall only.
 */
@QuarkusTest
class AllowanceTest {

    private static final String ALLOWANCE = "/verigate/v1/allowance/";

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    private JsonNode allowance(SinchTestClient app, String number) {
        return Flows.ok(app.get(ALLOWANCE + number));
    }

    @Test
    void aFreshNumberMayGetACodeNowByEveryMethodTheAppMayUse() {
        String number = TestNumbers.next();
        JsonNode a = allowance(alpha, number);
        assertEquals(number, a.get("number").asText());
        for (String m : List.of("sms", "flashcall", "callout", "seamless", "whatsapp")) {
            assertEquals(true, a.path("methods").path(m).path("allowedNow").asBoolean(false), a::toString);
            assertEquals(0, a.path("methods").path(m).path("waitSeconds").asInt(-1), a::toString);
        }
        JsonNode beta = allowance(Gateway.beta(), number);
        assertEquals(
                List.of("sms", "flashcall"),
                iterable(beta.get("methods").fieldNames()),
                "only the methods the app may use");
    }

    @Test
    void theCooldownIsTheReasonAndItsWaitIsWhatTheNextStartIsTold() {
        String number = TestNumbers.next();
        Flows.startSms(alpha, number);

        JsonNode sms = allowance(alpha, number).path("methods").path("sms");
        assertEquals(false, sms.get("allowedNow").asBoolean(), sms::toString);
        assertEquals("cooldown", sms.get("reason").asText());
        long wait = sms.get("waitSeconds").asLong();
        assertTrue(wait >= 29 && wait <= 30, sms::toString);

        Reply refused = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(429, refused.status(), refused::toString);
        assertTrue(Math.abs(Long.parseLong(refused.header("Retry-After")) - wait) <= 1, refused::toString);
    }

    @Test
    void theNumbersRateIsTheReasonOnceItIsSpent() {
        String number = TestNumbers.next();
        for (int i = 0; i < 3; i++) {
            // A success resets the cooldown, so only the rate holds the fourth start.
            Flows.verify(alpha, number, Flows.startSms(alpha, number));
        }
        JsonNode sms = allowance(alpha, number).path("methods").path("sms");
        assertEquals("number-start", sms.get("reason").asText(), sms::toString);
        long wait = sms.get("waitSeconds").asLong();
        assertTrue(wait >= 190 && wait <= 200, "3/10m: one token in 200 s; " + sms);
        Reply refused = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(42901, refused.json().get("errorCode").asInt(), refused::toString);
        assertTrue(Math.abs(Long.parseLong(refused.header("Retry-After")) - wait) <= 1, refused::toString);
    }

    @Test
    void aBlockedDestinationIsNeverAllowed() {
        JsonNode sms = allowance(alpha, "+358401234567").path("methods").path("sms");
        assertEquals(false, sms.get("allowedNow").asBoolean());
        assertTrue(sms.get("waitSeconds").isNull(), sms::toString);
        assertEquals("blocked", sms.get("reason").asText());
    }

    @Test
    void aLookTakesNothingAndReachesNothing() {
        String number = TestNumbers.next();
        long before = traffic.requests();
        for (int i = 0; i < 5; i++) {
            allowance(alpha, number);
        }
        assertEquals(before, traffic.requests(), "nothing reached Sinch");
        Reply first = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(200, first.status(), first::toString);
        assertEquals(2, Flows.remaining(first, "number-start-10m"), "3 - 1: the looks took no token");
    }

    @Test
    void itIsAuthenticatedAndChecksTheNumber() {
        Reply anonymous =
                SinchTestClient.raw("GET", Gateway.baseUrl() + ALLOWANCE + TestNumbers.next(), Map.of(), null);
        assertEquals(401, anonymous.status(), anonymous::toString);
        Reply bad = alpha.get(ALLOWANCE + "0701234567");
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(40001, bad.json().get("errorCode").asInt());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> all = new java.util.ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }
}
