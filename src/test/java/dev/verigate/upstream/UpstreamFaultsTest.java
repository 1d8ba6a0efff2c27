package dev.verigate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.WireMockUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Injected upstream faults, each counted at the upstream. In every test the starts Sinch actually
 * created (sent a code for) equal the starts the app saw succeed: no user ever gets two codes.
 *
 * <p>Policy under test (profile below): 1 attempt + 2 retries, backoff 10-40 ms, a 600 ms timeout per
 * attempt, Retry-After honoured up to 2 s, breaker window of 4 attempts at 50% with a 1 s delay,
 * bulkhead of 4 running + 2 queued.
 */
@QuarkusTest
@TestProfile(UpstreamFaultsTest.Faults.class)
@WithTestResource(WireMockUpstream.class)
class UpstreamFaultsTest {

    public static class Faults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("verigate.upstream.timeout", "600ms"),
                    Map.entry("verigate.upstream.total-timeout", "5s"),
                    Map.entry("verigate.upstream.retry.max-retries", "2"),
                    Map.entry("verigate.upstream.retry.initial-delay", "10ms"),
                    Map.entry("verigate.upstream.retry.max-delay", "40ms"),
                    Map.entry("verigate.upstream.retry.jitter", "0ms"),
                    Map.entry("verigate.upstream.retry.max-retry-after", "2s"),
                    Map.entry("verigate.upstream.circuit-breaker.request-volume-threshold", "4"),
                    Map.entry("verigate.upstream.circuit-breaker.failure-ratio", "0.5"),
                    Map.entry("verigate.upstream.circuit-breaker.delay", "1s"),
                    Map.entry("verigate.upstream.circuit-breaker.success-threshold", "1"),
                    Map.entry("verigate.upstream.bulkhead.limit", "4"),
                    Map.entry("verigate.upstream.bulkhead.queue", "2"),
                    Map.entry("quarkus.rest-client.sinch.read-timeout", "2000"));
        }
    }

    private static final String STARTS = "/verification/v1/verifications";
    private static final String BY_REFERENCE = "/verification/v1/verifications/reference/.*";

    @WireMockUpstream.InjectWireMock
    WireMockServer sinch;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    MeterRegistry meters;

    private final SinchTestClient alpha = Gateway.alpha();

    @BeforeEach
    void freshUpstream() {
        sinch.resetAll();
        breakers.resetAll();
    }

    static ResponseDefinitionBuilder created(String id) {
        return json(
                200,
                "{\"id\":\"" + id + "\",\"method\":\"sms\",\"sms\":{\"template\":\"Code {{CODE}}\","
                        + "\"interceptionTimeout\":198},\"_links\":[]}");
    }

    static ResponseDefinitionBuilder found(String id) {
        return json(200, "{\"id\":\"" + id + "\",\"method\":\"sms\",\"status\":\"PENDING\"}");
    }

    static ResponseDefinitionBuilder error(int status, int code) {
        return json(status, "{\"errorCode\":" + code + ",\"message\":\"from the stub\",\"reference\":\"stub-ref\"}");
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private int starts() {
        return sinch.countRequestsMatching(postRequestedFor(urlEqualTo(STARTS)).build())
                .getCount();
    }

    /** Every limit check the gateway made so far, over all rules and outcomes. */
    private double limitDecisions() {
        return meters.find("verigate.limits.decisions").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private int lookups() {
        return sinch.countRequestsMatching(
                        getRequestedFor(urlPathMatching(BY_REFERENCE)).build())
                .getCount();
    }

    private Reply start() {
        return alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
    }

    private void sequence(String scenario, String method, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            var request = method.equals("POST") ? post(urlEqualTo(STARTS)) : get(urlPathMatching(BY_REFERENCE));
            String state = i == 0 ? STARTED : scenario + i;
            var stub = request.inScenario(scenario).whenScenarioStateIs(state).willReturn(answers[i]);
            sinch.stubFor(i + 1 < answers.length ? stub.willSetStateTo(scenario + (i + 1)) : stub);
        }
    }

    @Test
    void a503BurstIsRetriedAndTheCodeIsSentOnce() {
        // 503, 503, 200: 1 attempt + 2 retries = 3 starts upstream, of which Sinch created 1.
        sequence("burst", "POST", error(503, 50300), error(503, 50300), created("v-burst"));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals("v-burst", r.json().get("id").asText());
        assertEquals(3, starts());
    }

    /**
     * Sinch's 401 is about the credentials Verigate signs with, not the app's: the app hears it is the gateway's
     * fault (503/50390), the start is sent once (no retry), and the number gets its token back.
     */
    @Test
    void sinchRefusingTheGatewaysCredentialsIsTheGatewaysFaultNotTheApps() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(401, 40102)));
        String number = TestNumbers.next();
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(503, r.status(), r::toString);
        assertEquals(50390, r.json().get("errorCode").asInt(), r::toString);
        assertTrue(r.json().get("message").asText().contains("gateway's credentials"), r::toString);
        assertEquals(1, starts(), "not retried");
        assertEquals(
                CircuitBreakerState.CLOSED,
                breakers.currentState(SinchOperation.START.breakerName()),
                "not Sinch failing: the breaker every app shares stays closed");

        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-after-401")));
        Reply after = alpha.post(VERIFICATIONS, startBody("sms", number));
        assertEquals(200, after.status(), after::toString);
        assertEquals(2, Flows.remaining(after, "number-start-10m"), "the refused start took nothing: 3 - 1");
    }

    @Test
    void theAppsRequestIdReachesSinch() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-rid")));
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()), Map.of("X-Request-Id", "rid-42"));
        assertEquals("rid-42", r.header("X-Request-Id"));
        assertEquals(
                "rid-42",
                sinch.findAll(postRequestedFor(urlEqualTo(STARTS))).get(0).getHeader("X-Request-Id"));
    }

    @Test
    void aLongerBurstIsA503AndNothingIsSent() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(503, 50300)));
        Reply r = start();
        assertEquals(503, r.status(), r::toString);
        assertEquals(50300, r.json().get("errorCode").asInt());
        assertEquals(3, starts(), "1 attempt + 2 retries, none created");
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() {
        sequence("throttle", "POST", error(429, 42900).withHeader("Retry-After", "1"), created("v-429"));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals(2, starts(), "one throttled (nothing created), one created");
    }

    @Test
    void aRetryAfterBeyondTheCapIsAnsweredToTheApp() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(429, 42900).withHeader("Retry-After", "30")));
        Reply r = start();
        assertEquals(429, r.status(), r::toString);
        assertEquals(42900, r.json().get("errorCode").asInt());
        assertEquals("30", r.header("Retry-After"));
        assertEquals(1, starts());
    }

    @Test
    void sinchsSameNumberRefusalIsNeverRetried() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(429, 42901)));
        assertEquals(42901, start().json().get("errorCode").asInt());
        assertEquals(1, starts());
    }

    @Test
    void aSlowAnswerIsRecoveredByReferenceWithoutASecondSend() {
        // The start is created but answers after 1.5 s (> 600 ms): ambiguous. Verigate asks by reference and finds it.
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-slow").withFixedDelay(1500)));
        sinch.stubFor(get(urlPathMatching(BY_REFERENCE)).willReturn(found("v-slow")));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals("v-slow", r.json().get("id").asText());
        assertEquals("true", r.header("Verigate-Recovered"));
        assertEquals(1, starts(), "never sent twice");
        assertEquals(1, lookups());
    }

    @Test
    void aResetWithNothingCreatedIsSentOnceMore() {
        // Reset after the request was written: ambiguous. The lookup says 404, so one re-send, which is created.
        sequence("reset", "POST", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), created("v-reset"));
        sinch.stubFor(get(urlPathMatching(BY_REFERENCE)).willReturn(error(404, 40400)));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals("v-reset", r.json().get("id").asText());
        assertNull(r.header("Verigate-Recovered"));
        assertEquals(2, starts(), "2 sends, 1 created");
        assertEquals(1, lookups());
    }

    @Test
    void aResendThatFindsItsReferenceTakenLooksAgain() {
        // The first start landed but Sinch's lookup lagged (404); the re-send is refused with 409 (same
        // reference), so Verigate looks again and finds the first one: 2 sends, 1 created.
        sequence("lag", "POST", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), error(409, 40900));
        sequence("lag-lookup", "GET", error(404, 40400), found("v-lagged"));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals("v-lagged", r.json().get("id").asText());
        assertEquals("true", r.header("Verigate-Recovered"));
        assertEquals(2, starts());
        assertEquals(2, lookups());
    }

    @Test
    void a500AfterCreationIsRecovered() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(500, 50000)));
        sinch.stubFor(get(urlPathMatching(BY_REFERENCE)).willReturn(found("v-500")));
        Reply r = start();
        assertEquals(200, r.status(), r::toString);
        assertEquals("v-500", r.json().get("id").asText());
        assertEquals(1, starts(), "a 500 is never retried blindly");
    }

    @Test
    void whenSinchCannotBeAskedTheAppsRetryWithItsKeyLooksInsteadOfSending() {
        // Created but slow (ambiguous); the lookup fails with a 500 (not retried): the outcome is unknown.
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-unknown").withFixedDelay(1500)));
        sequence("ask", "GET", error(500, 50000), found("v-unknown"));
        String body = startBody("sms", TestNumbers.next());
        Map<String, String> key = Map.of("Idempotency-Key", "order-" + System.nanoTime());
        Reply first = alpha.post(VERIFICATIONS, body, key);
        assertEquals(503, first.status(), first::toString);
        assertEquals(50300, first.json().get("errorCode").asInt());
        Reply retry = alpha.post(VERIFICATIONS, body, key);
        assertEquals(200, retry.status(), retry::toString);
        assertEquals("v-unknown", retry.json().get("id").asText());
        assertEquals(1, starts(), "the retry asked Sinch and found the first start: one code");
        assertEquals(2, lookups());
    }

    @Test
    void theBreakerOpensOnFailuresAndThenShieldsSinch() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(503, 50300)));
        // App start 1: 3 attempts fail. App start 2: its first attempt is the 4th failure of a 4-call window
        // (100% > 50%), so the breaker opens and its retry is refused at once: 4 starts reached Sinch.
        start();
        start();
        assertEquals(4, starts());
        double decisions = limitDecisions();
        for (int i = 0; i < 8; i++) {
            Reply shed = start();
            assertEquals(503, shed.status(), shed::toString);
            assertEquals(50300, shed.json().get("errorCode").asInt());
            assertEquals("1", shed.header("Retry-After"));
        }
        assertEquals(4, starts(), "while open, nothing reaches Sinch");
        assertEquals(decisions, limitDecisions(), "refused before the limits: not one limit check while open");
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-probe")));
        // After the 1 s delay a half-open probe goes through and closes the breaker.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> start().status() == 200);
        assertEquals(5, starts(), "exactly one probe, which succeeded");
    }

    @Test
    void fourHundredsNeverTripTheBreaker() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(error(400, 40001)));
        for (int i = 0; i < 10; i++) {
            assertEquals(400, start().status());
        }
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-after-400s")));
        assertEquals(200, start().status());
        assertEquals(11, starts());
    }

    @Test
    void theBulkheadShedsInsteadOfQueueing() {
        sinch.stubFor(post(urlEqualTo(STARTS)).willReturn(created("v-busy").withFixedDelay(150)));
        // Ten app requests released at the same instant, each from its own thread.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        var gate = new java.util.concurrent.CyclicBarrier(10);
        List<CompletableFuture<Reply>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            gate.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return start();
                    },
                    pool));
        }
        List<Reply> replies = all.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        long ok = replies.stream().filter(r -> r.status() == 200).count();
        long shed = replies.stream().filter(r -> r.status() == 503).count();
        // At most 4 run + 2 wait; at least the other 4 are shed at once (503) and never reach Sinch.
        assertEquals(10, ok + shed, replies::toString);
        assertEquals(ok, starts(), "every accepted start reached Sinch once, no shed one did");
        assertTrue(ok <= 6 && shed >= 4, replies::toString);
    }
}
