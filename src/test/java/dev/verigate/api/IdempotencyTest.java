package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on start, counted at the sandbox (the starts it created, i.e. codes sent). */
@QuarkusTest
class IdempotencyTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    private static Map<String, String> key(String k) {
        return Map.of("Idempotency-Key", k);
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswer() {
        String body = startBody("sms", TestNumbers.next());
        String k = "replay-" + System.nanoTime();
        long before = traffic.startsCreated();
        Reply first = alpha.post(VERIFICATIONS, body, key(k));
        Reply again = alpha.post(VERIFICATIONS, body, key("\"" + k + "\"")); // the draft's quoted form
        assertEquals(200, first.status(), first::toString);
        assertEquals(first.status(), again.status());
        assertEquals(first.json(), again.json());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(before + 1, traffic.startsCreated(), "one code for two requests");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String k = "other-body-" + System.nanoTime();
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()), key(k))
                        .status());
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()), key(k));
        assertEquals(422, r.status(), r::toString);
        assertEquals(42290, r.json().get("errorCode").asInt(), "Verigate's own code, not Sinch's 42200");
        assertTrue(r.json().get("message").asText().contains("Idempotency-Key"), r::toString);
    }

    @Test
    void theSameKeyWhileTheFirstIsInFlightIs409() throws Exception {
        // The slow magic number answers after verigate.sandbox.slow-delay (500 ms in tests), so two requests
        // released together overlap: one claims the key and is sent, the other finds it in flight.
        String body = startBody("sms", TestNumbers.magic("0504"));
        String k = "in-flight-" + System.nanoTime();
        long before = traffic.startsCreated();
        var gate = new java.util.concurrent.CyclicBarrier(2);
        java.util.function.Supplier<Reply> send = () -> {
            try {
                gate.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return alpha.post(VERIFICATIONS, body, key(k));
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<Reply> one = CompletableFuture.supplyAsync(send, pool);
        CompletableFuture<Reply> two = CompletableFuture.supplyAsync(send, pool);
        java.util.List<Reply> replies = java.util.stream.Stream.of(one.join(), two.join())
                .sorted(java.util.Comparator.comparingInt(Reply::status))
                .toList();
        pool.shutdown();
        assertEquals(
                java.util.List.of(200, 409), replies.stream().map(Reply::status).toList());
        Reply inFlight = replies.get(1);
        assertEquals(40990, inFlight.json().get("errorCode").asInt(), "Verigate's own code, not Sinch's 40900");
        assertEquals("1", inFlight.header("Retry-After"), inFlight::toString);
        assertEquals(before + 1, traffic.startsCreated());
    }

    @Test
    void sinchsRefusalIsReplayedToo() {
        String reference = "taken-" + System.nanoTime();
        String first = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + TestNumbers.next()
                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}";
        assertEquals(200, alpha.post(VERIFICATIONS, first).status());
        // Another number (no cooldown in the way), the same reference: Sinch refuses it with 409.
        String dup = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + TestNumbers.next()
                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}";
        String k = "dup-" + System.nanoTime();
        Reply refused = alpha.post(VERIFICATIONS, dup, key(k));
        Reply replayed = alpha.post(VERIFICATIONS, dup, key(k));
        assertEquals(409, refused.status(), refused::toString);
        assertEquals(409, replayed.status());
        assertEquals(refused.json(), replayed.json(), "same status and body");
        assertEquals("true", replayed.header("Idempotent-Replayed"));
    }

    @Test
    void keysBelongToOneAppOnly() {
        String k = "shared-" + System.nanoTime();
        long before = traffic.startsCreated();
        Reply a = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()), key(k));
        Reply b = Gateway.beta().post(VERIFICATIONS, startBody("sms", TestNumbers.next()), key(k));
        assertEquals(200, a.status());
        assertEquals(200, b.status());
        assertNotEquals(a.json().get("id"), b.json().get("id"));
        assertEquals(before + 2, traffic.startsCreated());
    }

    @Test
    void aStartAnsweredWith500AfterItWasCreatedIsRecoveredWithoutASecondCode() {
        // Sandbox magic 0500: the verification is created and delivered, then the answer is a 500.
        String number = TestNumbers.magic("0500");
        long before = traffic.startsCreated();
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(200, r.status(), r::toString);
        assertEquals("true", r.header("Verigate-Recovered"));
        assertEquals(before + 1, traffic.startsCreated());
        assertFalse(r.json().has("reference"), "Verigate's own reference is never shown to the app");
        assertEquals(
                "PENDING",
                alpha.get(VERIFICATIONS + "/id/" + r.json().get("id").asText())
                        .json()
                        .get("status")
                        .asText());
    }

    @Test
    void aBadKeyIs400() {
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()), key("has space"));
        assertEquals(400, r.status(), r::toString);
        assertEquals(40001, r.json().get("errorCode").asInt());
    }
}
