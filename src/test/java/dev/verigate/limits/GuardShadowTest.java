package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Counted;
import dev.verigate.testsupport.Gateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard in shadow ({@code verigate.limits.shadow=guard}) refuses nothing and counts the decisions the enforced
 * guard of {@link GuardTest} makes: the same settings, the same traffic (10 starts judged, the 11th trickled, then
 * 6 that the enforced guard holds).
 */
@QuarkusTest
@TestProfile(GuardShadowTest.Shadowed.class)
class GuardShadowTest {

    public static class Shadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return GuardTest.Guarded.guard(Map.of("verigate.limits.shadow", "guard"));
        }
    }

    @Inject
    SandboxTraffic traffic;

    @Inject
    MeterRegistry meters;

    private double decisions(String outcome) {
        return Counted.decisions(meters, "guard", outcome);
    }

    @Test
    void theShadowedGuardLetsEveryStartThroughAndCountsWhatItWouldHaveHeld() {
        long created = traffic.startsCreated();
        double allowed = decisions("allowed");
        double shadow = decisions("shadow");
        for (int i = 0; i < 17; i++) {
            assertEquals(
                    200,
                    Gateway.alpha()
                            .post(VERIFICATIONS, startBody("sms", GuardTest.number('8')))
                            .status(),
                    "start " + (i + 1));
        }
        assertEquals(created + 17, traffic.startsCreated(), "nothing refused");
        assertEquals(allowed + 11, decisions("allowed"), "10 judged and 1 trickled, as enforced");
        assertEquals(shadow + 6, decisions("shadow"), "the 6 the enforced guard holds");
    }
}
