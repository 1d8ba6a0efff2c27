package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.store.WriteBehind;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.RedisOutage;
import dev.verigate.testsupport.RedisTestResource;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis forgets (a restart without persistence, a FLUSHALL): the owning app can still complete its verification,
 * by id and by number, because Sinch knows it and its reference names the app; another app still gets a 404; no
 * second code is ever sent. Verifications started while Redis was down are recorded once it is back.
 */
@QuarkusTest
@TestProfile(DataLossTest.Outages.class)
class DataLossTest {

    /** Redis behind a fault proxy the test opens and closes ({@link RedisOutage}). */
    public static class Outages implements QuarkusTestProfile, RedisTestResource.BehindFaultProxy {}

    @Inject
    Redis redis;

    @Inject
    WriteBehind later;

    @Inject
    MeterRegistry meters;

    private final SinchTestClient alpha = Gateway.alpha();
    private final SinchTestClient beta = Gateway.beta();

    @AfterEach
    void redisBack() {
        RedisOutage.end();
        Gateway.awaitRedisUp();
    }

    private double recoveries(String outcome) {
        return meters.counter("verigate.ownership.recoveries", "outcome", outcome)
                .count();
    }

    private static int codesSent(String number) {
        return Flows.ok(SinchTestClient.raw("GET", Gateway.baseUrl() + "/sandbox/inbox/" + number, Map.of(), null))
                .size();
    }

    private void flushAll() {
        redis.send(Request.cmd(Command.FLUSHALL)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void afterARestartWithoutPersistenceTheOwnerReportsByIdAndOthersStillGet404() {
        String number = TestNumbers.next();
        String id = Flows.ok(alpha.post(
                        VERIFICATIONS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"keep-1\"}"))
                .get("id")
                .asText();
        assertEquals(200, alpha.get(VERIFICATIONS + "/id/" + id).status());

        RedisOutage.begin();
        RedisOutage.endForgetting(); // empty: no persistence
        double recovered = recoveries("recovered");

        Reply report = alpha.put(VERIFICATIONS + "/id/" + id, Flows.smsReport(Flows.delivered(number, id)));
        assertEquals(200, report.status(), report::toString);
        assertEquals("SUCCESSFUL", report.json().get("status").asText());
        assertEquals(recovered + 1, recoveries("recovered"), "recovered from Sinch once");
        // Recorded again: the next lookup needs no recovery, and it still carries the app's own reference.
        Reply status = alpha.get(VERIFICATIONS + "/id/" + id);
        assertEquals("keep-1", Flows.ok(status).get("reference").asText(), status::toString);
        assertEquals(recovered + 1, recoveries("recovered"));
        // Another app: its record says alpha, a 404 without asking Sinch.
        assertEquals(404, beta.get(VERIFICATIONS + "/id/" + id).status());
        assertEquals(1, codesSent(number), "codes sent for the one start");
    }

    @Test
    void afterAFlushAnotherAppsLookupAsksSinchAndStillGets404() {
        String number = TestNumbers.next();
        String id = Flows.startSms(alpha, number);
        flushAll();
        double foreign = recoveries("foreign");
        Reply other = beta.get(VERIFICATIONS + "/id/" + id);
        assertEquals(404, other.status(), other::toString);
        assertEquals(40400, other.json().get("errorCode").asInt());
        assertEquals(foreign + 1, recoveries("foreign"), "Sinch has it, under alpha's reference");
        assertEquals(
                404,
                beta.put(VERIFICATIONS + "/id/" + id, Flows.smsReport("0000")).status());
        // The owner completes it by number (Sinch's latest sms verification for the number is alpha's).
        Reply report = alpha.put(VERIFICATIONS + "/number/" + number, Flows.smsReport(Flows.delivered(number, id)));
        assertEquals(200, report.status(), report::toString);
        assertEquals("SUCCESSFUL", report.json().get("status").asText());
        assertEquals(1, codesSent(number));
    }

    @Test
    void aStatusByNumberAfterAFlushIsTheOwnersOnly() {
        String number = TestNumbers.next();
        String id = Flows.startSms(alpha, number);
        flushAll();
        assertEquals(404, beta.get(VERIFICATIONS + "/sms/number/" + number).status());
        Reply mine = alpha.get(VERIFICATIONS + "/sms/number/" + number);
        assertEquals(id, Flows.ok(mine).get("id").asText(), mine::toString);
    }

    @Test
    void aKeyedRetryAfterTheRecordWasLostAnswersTheFirstVerificationAndSendsNothing() {
        String number = TestNumbers.next();
        String key = "lost-" + System.nanoTime();
        Reply first = alpha.post(VERIFICATIONS, startBody("sms", number), Map.of("Idempotency-Key", key));
        String id = Flows.ok(first).get("id").asText();
        flushAll();

        Reply retry = alpha.post(VERIFICATIONS, startBody("sms", number), Map.of("Idempotency-Key", key));
        assertEquals(id, Flows.ok(retry).get("id").asText(), retry::toString);
        assertEquals("true", retry.header("Idempotent-Replayed"), retry::toString);
        assertEquals(1, codesSent(number), "the retry sent no second code");
        assertEquals(200, alpha.get(VERIFICATIONS + "/id/" + id).status(), "and the verification is the app's again");
        // It took nothing either: the cooldown (lost with the flush) was not charged by the retry, so a new start
        // to the number is a first one again (had the retry kept its slot, this would wait 30 s: 429).
        Reply next = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(200, next.status(), next::toString);
        assertEquals(2, codesSent(number));
    }

    @Test
    void aVerificationStartedWhileRedisWasDownIsRecordedWhenItIsBack() {
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())).status());
        RedisOutage.begin();
        String number = TestNumbers.next();
        Reply during = alpha.post(VERIFICATIONS, startBody("sms", number)); // fail-open: decided on this replica
        String id = Flows.ok(during).get("id").asText();

        RedisOutage.endForgetting(); // empty
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> later.pending() == 0);
        double recovered = recoveries("recovered");
        Reply status = alpha.get(VERIFICATIONS + "/id/" + id);
        assertEquals(200, status.status(), status::toString);
        assertEquals(recovered, recoveries("recovered"), "found in Redis: written behind, no recovery needed");
        assertEquals(1, codesSent(number));
    }
}
