package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Counted;
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
 * Rules in shadow ({@code verigate.limits.shadow}) refuse nothing and count, with outcome {@code shadow}, exactly
 * the decisions they would have refused; the rules not in shadow still refuse. Test limits: numbers 3/10m,10/24h
 * with a 30 s cooldown, Finland blocked, app "limited" 5 starts per hour.
 */
@QuarkusTest
@TestProfile(ShadowModeTest.Shadowed.class)
class ShadowModeTest {

    public static class Shadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.limits.shadow", "number-start,cooldown,blocked");
        }
    }

    @Inject
    SandboxTraffic traffic;

    @Inject
    MeterRegistry meters;

    private final SinchTestClient alpha = Gateway.alpha();

    private double decisions(String rule, String outcome) {
        return Counted.decisions(meters, rule, outcome);
    }

    @Test
    void theNumbersRatesAndCooldownInShadowLetEveryStartThroughAndCountWhatTheyWouldHaveRefused() {
        String number = TestNumbers.next();
        long created = traffic.startsCreated();
        double rateShadow = decisions("number-start", "shadow");
        double cooldownShadow = decisions("cooldown", "shadow");
        double rateAllowed = decisions("number-start", "allowed");

        for (int i = 0; i < 5; i++) {
            Reply r = alpha.post(VERIFICATIONS, startBody("sms", number));
            assertEquals(200, r.status(), r::toString);
        }

        assertEquals(created + 5, traffic.startsCreated(), "every start reached Sinch");
        assertEquals(rateAllowed + 3, decisions("number-start", "allowed"), "3/10m: the first three fit");
        assertEquals(rateShadow + 2, decisions("number-start", "shadow"), "the 4th and 5th would have been refused");
        assertEquals(cooldownShadow + 4, decisions("cooldown", "shadow"), "every start after the first, within 30 s");
    }

    @Test
    void aBlockedCountryInShadowIsLetThroughAndCounted() {
        long created = traffic.startsCreated();
        double shadow = decisions("blocked", "shadow");
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", "+358401234567"));
        assertEquals(200, r.status(), r::toString);
        assertEquals(created + 1, traffic.startsCreated());
        assertEquals(shadow + 1, decisions("blocked", "shadow"));
    }

    @Test
    void aRuleNotInShadowStillRefuses() {
        SinchTestClient limited = Gateway.app("limited");
        long created = traffic.startsCreated();
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    200,
                    limited.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                            .status());
        }
        Reply sixth = limited.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
        assertEquals(429, sixth.status(), sixth::toString);
        assertEquals(42900, sixth.json().get("errorCode").asInt());
        assertEquals(created + 5, traffic.startsCreated());
    }
}
