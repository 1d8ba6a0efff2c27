package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.verigate.limits.local.LocalLimitStores;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code verigate.store=local} applies the same policies in process, with no Redis traffic at all. */
@QuarkusTest
@TestProfile(LocalStoreLimitsTest.Local.class)
class LocalStoreLimitsTest {

    public static class Local implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verigate.store", "local");
        }
    }

    @Inject
    LimitStores stores;

    @Inject
    Limiter limiter;

    @Inject
    SandboxTraffic traffic;

    @Test
    void cooldownNumberRatesAndAppQuotaHoldInProcess() {
        assertInstanceOf(LocalLimitStores.class, stores, "no Redis behind the limits with the local store");
        assertEquals("local", limiter.store());
        SinchTestClient alpha = Gateway.alpha();
        String n = TestNumbers.next();
        long before = traffic.startsCreated();
        for (int i = 0; i < 3; i++) {
            String id = Flows.startSms(alpha, n);
            Reply tooSoon = alpha.post(VERIFICATIONS, startBody("sms", n));
            assertEquals(42901, tooSoon.json().get("errorCode").asInt(), tooSoon::toString);
            Flows.verify(alpha, n, id);
        }
        Reply fourth = alpha.post(VERIFICATIONS, startBody("sms", n));
        assertEquals(429, fourth.status());
        assertEquals(42901, fourth.json().get("errorCode").asInt());
        assertEquals(before + 3, traffic.startsCreated());

        SinchTestClient limited = Gateway.app("limited");
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    200,
                    limited.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                            .status());
        }
        assertEquals(
                42900,
                limited.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                        .json()
                        .get("errorCode")
                        .asInt());
    }
}
