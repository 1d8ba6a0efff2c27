package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spend caps, counted at the upstream: a start is charged its estimated price (the default until Sinch has priced a
 * verification to that country and method), the estimate is replaced by the price Sinch names (the sandbox prices a
 * Swedish SMS at 0.0453 EUR), and a start past the cap is refused with 403/40300 before it reaches Sinch. A start
 * Sinch refused costs nothing.
 */
@QuarkusTest
@TestProfile(BudgetTest.Budgets.class)
class BudgetTest {

    public static class Budgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verigate.budget.default-price", "0.10",
                    "verigate.apps.spender.key", "spender-key",
                    "verigate.apps.spender.secret", "c3BlbmRlci1zZWNyZXQ=",
                    "verigate.apps.spender.budget.daily", "0.10",
                    "verigate.apps.monthly.key", "monthly-key",
                    "verigate.apps.monthly.secret", "bW9udGhseS1zZWNyZXQ=",
                    "verigate.apps.monthly.budget.monthly", "0.05");
        }
    }

    @Inject
    SandboxTraffic traffic;

    @Inject
    MeterRegistry meters;

    private double spent(String app) {
        return meters.get("verigate.budget.spent").tag("app", app).gauge().value();
    }

    /** Starts an SMS verification and looks it up: Sinch's status answer names its price. */
    private String startAndLookUp(SinchTestClient app, String number) {
        String id = Flows.startSms(app, number);
        Flows.ok(app.get(VERIFICATIONS + "/id/" + id));
        return id;
    }

    @Test
    void theDailyCapStopsStartsOnceTheSpendWouldPassIt() {
        SinchTestClient spender = Gateway.app("spender");
        long created = traffic.startsCreated();
        // 1st: charged the default 0.10 (no price known yet: exactly the cap), settled to 0.0453 by the lookup.
        startAndLookUp(spender, TestNumbers.next());
        assertEquals(0.0453, spent("spender"), 1e-9);
        // 2nd: estimated at the learned 0.0453: 0.0906.
        startAndLookUp(spender, TestNumbers.next());
        assertEquals(0.0906, spent("spender"), 1e-9);
        // 3rd would make 0.1359 > 0.10.
        Reply refused = spender.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
        assertEquals(403, refused.status(), refused::toString);
        assertEquals(40300, refused.json().get("errorCode").asInt());
        String message = refused.json().get("message").asText();
        assertTrue(message.contains("daily budget of 0.1 is spent: 0.0906 used"), message);
        assertEquals(created + 2, traffic.startsCreated(), "the refused start never reached Sinch");
        assertEquals(0.0906, spent("spender"), 1e-9, "a refusal charges nothing");
        var sms = Flows.ok(spender.get("/verigate/v1/allowance/" + TestNumbers.next()))
                .path("methods")
                .path("sms");
        assertEquals("budget", sms.path("reason").asText(), sms::toString);
        long toMidnight = java.time.Duration.between(
                        java.time.Instant.now(),
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                .plusDays(1)
                                .atStartOfDay(java.time.ZoneOffset.UTC))
                .toSeconds();
        assertTrue(Math.abs(sms.path("waitSeconds").asLong() - toMidnight) <= 2, "until midnight UTC: " + sms);
    }

    @Test
    void aStartSinchRefusedIsNotChargedAndTheMonthlyCapHoldsToo() {
        SinchTestClient monthly = Gateway.app("monthly");
        // Sinch refuses the start (the sandbox's 0429 number): the charge is given back.
        Reply sinchSaidNo = monthly.post(VERIFICATIONS, startBody("sms", TestNumbers.magic("0429")));
        assertEquals(429, sinchSaidNo.status(), sinchSaidNo::toString);
        assertEquals(0, spent("monthly"), 1e-9);
        // No verification to Denmark was priced yet: the default estimate (0.10) is more than the monthly 0.05.
        Reply refused = monthly.post(VERIFICATIONS, startBody("sms", "+4520123456"));
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(
                refused.json().get("message").asText().contains("monthly budget of 0.05 is spent: 0 used"),
                "the start Sinch refused was given back in Redis too: " + refused);
    }
}
