package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Counted;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The conversion guard against SMS pumping, counted at the upstream: a prefix whose starts are not verified is cut
 * to the trickle rate; one whose starts are verified keeps its full rate, and gets it back when its conversion
 * returns; an exempt app is neither counted nor held. Here: judged from 10 starts in 10 minutes, half must be
 * verified, one start per minute while guarded, prefixes of 3 digits after the country code (+46 70x).
 */
@QuarkusTest
@TestProfile(GuardTest.Guarded.class)
class GuardTest {

    public static class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return guard(Map.of("verigate.guard.exempt-apps", "beta"));
        }

        static Map<String, String> guard(Map<String, String> more) {
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "verigate.guard.enabled", "true",
                    "verigate.guard.prefix-length", "3",
                    "verigate.guard.window", "10m",
                    "verigate.guard.min-starts", "10",
                    "verigate.guard.min-conversion", "0.5",
                    "verigate.guard.rate", "1/1m",
                    "verigate.guard.hold", "10m"));
            config.putAll(more);
            return config;
        }
    }

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 100_000));

    /** A fresh Swedish mobile number under {@code +4670<digit>}, never a sandbox magic suffix. */
    static String number(char prefixDigit) {
        return number("+4670" + prefixDigit, 6);
    }

    /** A fresh number: {@code prefix} and {@code digits} more, never a sandbox magic suffix. */
    static String number(String prefix, int digits) {
        while (true) {
            String n =
                    prefix + String.format("%0" + digits + "d", NEXT.incrementAndGet() % (long) Math.pow(10, digits));
            if (!List.of("0403", "0410", "0429", "0500", "0503", "0504").contains(n.substring(n.length() - 4))) {
                return n;
            }
        }
    }

    @Inject
    SandboxTraffic traffic;

    @Inject
    MeterRegistry meters;

    @Inject
    LimitStores limitStores;

    private final SinchTestClient alpha = Gateway.alpha();

    private Reply start(SinchTestClient app, String number) {
        return app.post(VERIFICATIONS, startBody("sms", number));
    }

    private double engaged(String prefix) {
        return Counted.count(meters, "verigate.guard.engaged", "prefix", prefix);
    }

    @Test
    void aPrefixWhoseCodesAreNeverEnteredIsCutToTheTrickleAfterItsTenthStart() {
        long created = traffic.startsCreated();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, start(alpha, number('4')).status(), "start " + (i + 1));
        }
        // The 11th is judged on 10 starts, none verified: the prefix is guarded, and this start takes the trickle.
        assertEquals(200, start(alpha, number('4')).status());
        Reply held = start(alpha, number('4'));
        assertEquals(429, held.status(), held::toString);
        assertEquals(42900, held.json().get("errorCode").asInt());
        assertTrue(held.json().get("message").asText().contains("+46704"), held::toString);
        long retryAfter = Long.parseLong(held.header("Retry-After"));
        assertTrue(retryAfter >= 59 && retryAfter <= 60, "one start a minute: " + retryAfter);
        for (int i = 0; i < 5; i++) {
            assertEquals(429, start(alpha, number('4')).status());
        }
        assertEquals(created + 11, traffic.startsCreated(), "10 judged, 1 trickled, 6 held");
        var sms = Flows.ok(alpha.get("/verigate/v1/allowance/" + number('4')))
                .path("methods")
                .path("sms");
        assertEquals("guard", sms.path("reason").asText(), sms::toString);
        assertTrue(
                sms.path("waitSeconds").asLong() >= 59
                        && sms.path("waitSeconds").asLong() <= 60,
                sms::toString);
        assertEquals(1, engaged("+46704"), "one engagement, counted with its prefix");
        assertTrue(meters.get("verigate.guard.prefixes").gauge().value() >= 1);

        // Another prefix keeps its full rate.
        for (int i = 0; i < 3; i++) {
            assertEquals(200, start(alpha, number('9')).status());
        }
    }

    @Test
    void aPrefixWhoseCodesAreEnteredKeepsItsFullRate() {
        long created = traffic.startsCreated();
        for (int i = 0; i < 15; i++) {
            String n = number('5');
            Flows.verify(alpha, n, Flows.startSms(alpha, n));
        }
        assertEquals(created + 15, traffic.startsCreated());
        assertEquals(0, engaged("+46705"));
    }

    @Test
    void aGuardedPrefixIsLetGoWhenItsConversionReturns() {
        List<String[]> pending = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String n = number('6');
            pending.add(new String[] {n, Flows.startSms(alpha, n)});
        }
        assertEquals(429, start(alpha, number('6')).status(), "guarded after 10 unverified starts");
        // The users enter their codes after all: 6 of 11 verified, above half.
        for (String[] v : pending.subList(0, 6)) {
            Flows.verify(alpha, v[0], v[1]);
        }
        assertEquals(200, start(alpha, number('6')).status(), "conversion is back: full rate");
        assertEquals(200, start(alpha, number('6')).status());
    }

    /** As DecisionRoundTripsTest counts it without the guard: the guard is one more command in the same write. */
    @Test
    void theGuardIsOneMoreCommandInTheDecisionsWriteNotAnotherRoundTrip() {
        RedisLimitStores stores = (RedisLimitStores) limitStores;
        start(alpha, "+447712000001"); // this replica learns the hot keys (app, country)
        long roundTrips = stores.lanes().roundTrips();
        long commands = stores.lanes().commands();
        int starts = 30;
        for (int i = 0; i < starts; i++) {
            // British mobile numbers over 15 prefixes (+44771..+44777, +44792..+44799; +4478 is blocked in tests):
            // two starts each, far from a judgement.
            int range = i % 15 < 7 ? 71 + i % 15 : 85 + i % 15;
            String number = number("+447" + range, 7);
            assertEquals(200, start(alpha, number).status(), number);
        }
        double perStart = (stores.lanes().roundTrips() - roundTrips) / (double) starts;
        double commandsPerStart = (stores.lanes().commands() - commands) / (double) starts;
        assertTrue(perStart <= 3.5, "writes to Redis per start (replay record, decision, ownership): " + perStart);
        assertEquals(8.0, commandsPerStart, 0.5, "the replay SET, one script per check and the guard's, two SETs");
    }

    @Test
    void anExemptAppIsNeitherCountedNorHeld() {
        SinchTestClient beta = Gateway.beta();
        for (int i = 0; i < 15; i++) {
            assertEquals(200, start(beta, number('7')).status(), "start " + (i + 1));
        }
        assertEquals(0, engaged("+46707"));
        for (int i = 0; i < 10; i++) {
            assertEquals(200, start(alpha, number('7')).status(), "alpha's own ten, not judged yet");
        }
    }
}
