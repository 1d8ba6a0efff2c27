package dev.verigate.apps;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A captured signed request sent again, byte for byte, within its x-timestamp's skew window: refused with
 * 401/40190 and never sent to Sinch, whichever replica it reaches (the signature is remembered in Redis).
 */
@QuarkusTest
class ReplayTest {

    @Inject
    SandboxTraffic traffic;

    @Inject
    Redis redis;

    @Inject
    MeterRegistry meters;

    private final SinchTestClient alpha = Gateway.alpha();

    private static Reply send(String method, String path, Map<String, String> headers, String body) {
        return SinchTestClient.raw(
                method, Gateway.baseUrl() + path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private double replays() {
        return meters.counter("verigate.auth.replays").count();
    }

    @Test
    void aReplayedStartIsRefusedAndSendsNoSecondCode() {
        String body = Gateway.startBody("sms", TestNumbers.next());
        Map<String, String> captured = alpha.headers("POST", VERIFICATIONS, body, Map.of());
        long before = traffic.startsCreated();
        double replaysBefore = replays();

        assertEquals(200, send("POST", VERIFICATIONS, captured, body).status());
        Reply replay = send("POST", VERIFICATIONS, captured, body);

        assertEquals(401, replay.status(), replay::toString);
        assertEquals(40190, replay.json().get("errorCode").asInt());
        assertEquals(before + 1, traffic.startsCreated(), "one code sent for the two requests");
        assertEquals(replaysBefore + 1, replays());
        // Remembered in Redis (so every replica refuses it) only as long as the signature could be accepted.
        String signature = captured.get("Authorization")
                .substring(captured.get("Authorization").indexOf(':') + 1);
        long ttl = redis.send(Request.cmd(Command.PTTL).arg("vg:seen:" + signature))
                .await()
                .atMost(Duration.ofSeconds(5))
                .toLong();
        assertTrue(
                ttl > Duration.ofMinutes(14).toMillis()
                        && ttl <= Duration.ofMinutes(15).plusSeconds(1).toMillis(),
                "PTTL " + ttl);
    }

    @Test
    void theSameRequestSignedAgainIsNotAReplay() {
        String body = Gateway.startBody("sms", TestNumbers.next());
        assertEquals(200, alpha.post(VERIFICATIONS, body).status());
        Reply again = alpha.post(VERIFICATIONS, body); // a fresh x-timestamp: a new signature
        assertEquals(429, again.status(), "judged by the limits (the number's cooldown), not refused as a replay");
    }

    @Test
    void aReplayedReportIsRefused() {
        String number = TestNumbers.next();
        assertEquals(
                200, alpha.post(VERIFICATIONS, Gateway.startBody("sms", number)).status());
        String path = VERIFICATIONS + "/number/" + number;
        String report = "{\"method\":\"sms\",\"sms\":{\"code\":\"0000\"}}";
        Map<String, String> captured = alpha.headers("PUT", path, report, Map.of());
        assertEquals(200, send("PUT", path, captured, report).status());
        Reply replay = send("PUT", path, captured, report);
        assertEquals(401, replay.status(), replay::toString);
        assertEquals(40190, replay.json().get("errorCode").asInt());
    }

    @Test
    void aRepeatedStatusLookupIsAnswered() {
        String number = TestNumbers.next();
        assertEquals(
                200, alpha.post(VERIFICATIONS, Gateway.startBody("sms", number)).status());
        String path = VERIFICATIONS + "/sms/number/" + number;
        Map<String, String> captured = alpha.headers("GET", path, null, Map.of());
        assertEquals(200, send("GET", path, captured, null).status());
        assertEquals(200, send("GET", path, captured, null).status(), "a lookup changes nothing");
    }
}
