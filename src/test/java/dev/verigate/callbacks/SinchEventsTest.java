package dev.verigate.callbacks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.apps.AppRegistry;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestSigner;
import dev.verigate.testsupport.WireMockUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sinch events through the gateway, counted at the app's webhook (WireMock). Delivery policy in this
 * profile: polls every 50 ms, backoff 100 ms doubling to 200 ms, dead letter after 2 s.
 */
@QuarkusTest
@TestProfile(SinchEventsTest.Fast.class)
@WithTestResource(AppWebhooks.class)
class SinchEventsTest {

    public static class Fast implements QuarkusTestProfile {
        static final String ISOLATED_SINCH_KEY = "isolated-sinch-key";
        static final String ISOLATED_SINCH_SECRET = "aXNvbGF0ZWQtc2luY2gtc2VjcmV0";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("verigate.apps.isolated.key", "isolated-key"),
                    Map.entry("verigate.apps.isolated.secret", "aXNvbGF0ZWQtc2VjcmV0"),
                    Map.entry("verigate.apps.isolated.upstream.application-key", ISOLATED_SINCH_KEY),
                    Map.entry("verigate.apps.isolated.upstream.application-secret", ISOLATED_SINCH_SECRET),
                    Map.entry("verigate.callbacks.delivery.poll-interval", "50ms"),
                    Map.entry("verigate.callbacks.delivery.initial-backoff", "100ms"),
                    Map.entry("verigate.callbacks.delivery.max-backoff", "200ms"),
                    Map.entry("verigate.callbacks.delivery.max-age", "2s"),
                    Map.entry("verigate.callbacks.delivery.timeout", "1s"),
                    Map.entry("verigate.callbacks.request-timeout", "300ms"),
                    Map.entry("verigate.callbacks.admin-token", "test-admin"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "/sinch/events";
    private static final String HOOK = "/hooks/hooked";
    private static final String DECIDE = "/decide/hooked";

    @WireMockUpstream.InjectWireMock
    WireMockServer app;

    @Inject
    Outbox outbox;

    @Inject
    DeliveryWorker worker;

    @Inject
    AppRegistry apps;

    @Inject
    Webhooks webhooks;

    @Inject
    CallbacksConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    /** Sinch itself: signs with the upstream credentials. */
    private final SinchTestClient sinch =
            new SinchTestClient(Gateway.baseUrl(), "sandbox-key", "c2FuZGJveC1zZWNyZXQtZm9yLXRlc3Rz");

    @BeforeEach
    void reset() {
        app.resetAll();
    }

    static String requestEvent(String reference, String number) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"event\":\"VerificationRequestEvent\",\"method\":\"sms\","
                + "\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"reference\":\"" + reference
                + "\",\"price\":{\"currencyId\":\"EUR\",\"amount\":0.0453}}";
    }

    static String resultEvent(String id, String reference, String number) {
        return "{\"id\":\"" + id + "\",\"event\":\"VerificationResultEvent\",\"method\":\"sms\","
                + "\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"status\":\"SUCCESSFUL\","
                + "\"source\":\"intercepted\",\"reference\":\"" + reference + "\",\"custom\":\"user=42\"}";
    }

    /** A verification an app really started through the gateway (so it owns it), as Sinch's events name it. */
    private record Started(String id, String upstreamReference, String number) {
        String resultEvent() {
            return SinchEventsTest.resultEvent(id, upstreamReference, number);
        }
    }

    private static Started started(String appId, String secret, String reference) {
        String number = TestNumbers.next();
        SinchTestClient client = new SinchTestClient(Gateway.baseUrl(), appId + "-key", secret);
        String id = Flows.ok(client.post(
                        Gateway.VERIFICATIONS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}"))
                .get("id")
                .asText();
        return new Started(id, appId + ":" + reference, number);
    }

    private static Started hooked(String reference) {
        return started("hooked", AppWebhooks.SECRET, reference);
    }

    private long depth() {
        return outbox.stats(clock.millis())
                .await()
                .atMost(Duration.ofSeconds(5))
                .depth();
    }

    private List<LoggedRequest> hookCalls() {
        return app.findAll(postRequestedFor(urlEqualTo(HOOK)));
    }

    private static void assertSignedByTheApp(LoggedRequest r) {
        TestSigner.assertSignedBy(
                r, "hooked-key", AppWebhooks.SECRET, "signed with the app's own secret in the Sinch scheme");
    }

    @Test
    void badOrMissingSignaturesAre401AndRecordNothing() {
        long before = depth();
        String event = resultEvent(UUID.randomUUID().toString(), "hooked:order-1", "+46701234567");
        assertEquals(
                40104,
                sinch.with(SinchTestClient.Auth.NONE)
                        .post(EVENTS, event)
                        .json()
                        .get("errorCode")
                        .asInt());
        assertEquals(
                40107,
                new SinchTestClient(Gateway.baseUrl(), "sandbox-key", "d3Jvbmc=")
                        .post(EVENTS, event)
                        .json()
                        .get("errorCode")
                        .asInt());
        assertEquals(
                40107,
                new SinchTestClient(Gateway.baseUrl(), "hooked-key", AppWebhooks.SECRET)
                        .post(EVENTS, event)
                        .json()
                        .get("errorCode")
                        .asInt(),
                "an app's key is not Sinch's");
        assertEquals(
                40107,
                sinch.with(SinchTestClient.Auth.BASIC)
                        .post(EVENTS, event)
                        .json()
                        .get("errorCode")
                        .asInt());
        assertEquals(before, depth());
        assertTrue(hookCalls().isEmpty());
    }

    /**
     * App "isolated" has a Sinch app of its own. Whoever holds its Sinch secret cannot speak for "hooked", whose
     * verifications go through the gateway's credential: refused, counted, nothing delivered or recorded.
     */
    @Test
    void anEventSignedWithAnotherAppsSinchCredentialIsRefused() {
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        Started v = hooked("order-foreign-signer-" + System.nanoTime());
        double before = meters.counter(
                        "verigate.callbacks.events", "event", "VerificationResultEvent", "outcome", "wrong-signer")
                .count();
        SinchTestClient isolatedsSinch =
                new SinchTestClient(Gateway.baseUrl(), Fast.ISOLATED_SINCH_KEY, Fast.ISOLATED_SINCH_SECRET);
        Reply refused = isolatedsSinch.post(EVENTS, v.resultEvent());
        assertEquals(403, refused.status(), refused::toString);
        assertEquals(40300, refused.json().get("errorCode").asInt());
        assertEquals(
                before + 1,
                meters.counter(
                                "verigate.callbacks.events",
                                "event",
                                "VerificationResultEvent",
                                "outcome",
                                "wrong-signer")
                        .count());
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> depth() == 0);
        assertTrue(hookCalls().isEmpty(), "nothing reached hooked's webhook");
    }

    /** An event about an id the named app never started (Sinch does not know it as theirs either): refused. */
    @Test
    void anEventAboutAVerificationTheAppDoesNotHaveIsRefused() {
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        Started theirs = started("hookedtoo", AppWebhooks.NEIGHBOUR_SECRET, "theirs-" + System.nanoTime());
        String forged = resultEvent(theirs.id(), "hooked:claimed-" + System.nanoTime(), theirs.number());
        Reply refused = sinch.post(EVENTS, forged);
        assertEquals(403, refused.status(), refused::toString);
        assertEquals(40300, refused.json().get("errorCode").asInt());
        Reply unknown = sinch.post(EVENTS, resultEvent(UUID.randomUUID().toString(), "hooked:made-up", "+46701234567"));
        assertEquals(403, unknown.status(), unknown::toString);
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> depth() == 0);
        assertTrue(hookCalls().isEmpty(), "nothing reached hooked's webhook");
    }

    @Test
    void theSameEventSentTwiceKeepsItsEventId() {
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        String event = hooked("order-twice-" + System.nanoTime()).resultEvent();
        assertEquals(200, sinch.post(EVENTS, event).status());
        assertEquals(200, sinch.post(EVENTS, event).status()); // signed again: Sinch retrying, not a replay
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> depth() == 0 && hookCalls().size() == 2);
        assertEquals(
                1,
                hookCalls().stream()
                        .map(c -> c.getHeader("X-Verigate-Event-Id"))
                        .distinct()
                        .count(),
                "one id for one event, so the app can drop the repeat");
    }

    @Test
    void aReplayedEventIsRefusedAndDeliveredOnce() {
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        String event = hooked("order-replayed-" + System.nanoTime()).resultEvent();
        Map<String, String> captured = sinch.headers("POST", EVENTS, event, Map.of());
        byte[] bytes = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(
                200,
                SinchTestClient.raw("POST", Gateway.baseUrl() + EVENTS, captured, bytes)
                        .status());
        Reply replay = SinchTestClient.raw("POST", Gateway.baseUrl() + EVENTS, captured, bytes);
        assertEquals(401, replay.status(), replay::toString);
        assertEquals(40190, replay.json().get("errorCode").asInt());
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> depth() == 0 && hookCalls().size() == 1);
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> hookCalls().size() == 1);
    }

    @Test
    void requestEventsAreDecidedByOwnershipPolicyAndTheAppsWebhook() throws Exception {
        assertEquals("deny", decide(requestEvent("nobody:x", "+46701234567")), "no such app");
        assertEquals("deny", decide(requestEvent("alpha:order-9", "+358401234567")), "Finland is blocked");
        assertEquals("allow", decide(requestEvent("alpha:order-9", "+46701234567")), "alpha has no request webhook");

        app.stubFor(post(urlEqualTo(DECIDE))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"action\":\"allow\",\"sms\":{\"code\":\"4321\"}}")));
        Reply allowed = sinch.post(EVENTS, requestEvent("hooked:order-1", "+46701234567"));
        assertEquals("4321", allowed.json().get("sms").get("code").asText(), "the app's method object passes through");
        LoggedRequest asked = app.findAll(postRequestedFor(urlEqualTo(DECIDE))).get(0);
        assertSignedByTheApp(asked);
        assertEquals(
                "order-1",
                JSON.readTree(asked.getBodyAsString()).get("reference").asText());

        app.stubFor(post(urlEqualTo(DECIDE))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"action\":\"deny\"}")));
        assertEquals("deny", decide(requestEvent("hooked:order-2", "+46701234567")));

        app.stubFor(post(urlEqualTo(DECIDE))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody("{\"action\":\"deny\"}")));
        assertEquals("allow", decide(requestEvent("hooked:order-3", "+46701234567")), "late: the default decision");
        app.stubFor(post(urlEqualTo(DECIDE)).willReturn(aResponse().withStatus(500)));
        assertEquals("allow", decide(requestEvent("hooked:order-4", "+46701234567")), "failing: the default decision");
    }

    private String decide(String event) {
        Reply r = sinch.post(EVENTS, event);
        assertEquals(200, r.status(), r::toString);
        return r.json().get("action").asText();
    }

    @Test
    void aWebhookThatFailsThreeTimesGetsTheEventExactlyOnceOnTheFourthAttempt() throws Exception {
        for (int i = 0; i < 3; i++) {
            app.stubFor(post(urlEqualTo(HOOK))
                    .inScenario("flaky")
                    .whenScenarioStateIs(i == 0 ? STARTED : "fail" + i)
                    .willReturn(aResponse().withStatus(500))
                    .willSetStateTo("fail" + (i + 1)));
        }
        app.stubFor(post(urlEqualTo(HOOK))
                .inScenario("flaky")
                .whenScenarioStateIs("fail3")
                .willReturn(aResponse().withStatus(200))
                .willSetStateTo("done"));
        String reference = "order-7-" + System.nanoTime();
        assertEquals(200, sinch.post(EVENTS, hooked(reference).resultEvent()).status());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hookCalls().size() >= 4 && depth() == 0);
        // Nothing more after the success: 3 failures + 1 delivery = 4 attempts, one event id throughout.
        Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> hookCalls().size() == 4);
        List<LoggedRequest> calls = hookCalls();
        assertEquals(
                1,
                calls.stream()
                        .map(c -> c.getHeader("X-Verigate-Event-Id"))
                        .distinct()
                        .count());
        calls.forEach(SinchEventsTest::assertSignedByTheApp);
        JsonNode delivered = JSON.readTree(calls.get(3).getBodyAsString());
        assertEquals(reference, delivered.get("reference").asText(), "the app sees its own reference");
        assertEquals("SUCCESSFUL", delivered.get("status").asText());
    }

    @Test
    void aWebhookDownPastMaxAgeIsDeadLetteredAndCanBeReplayed() {
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(503)));
        String reference = "order-dead-" + System.nanoTime();
        assertEquals(200, sinch.post(EVENTS, hooked(reference).resultEvent()).status());
        SinchTestClient operator = new SinchTestClient(Gateway.baseUrl(), "x", "eA==").with(SinchTestClient.Auth.NONE);
        Map<String, String> bearer = Map.of("Authorization", "Bearer test-admin");
        Awaitility.await()
                .atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> operator.send("GET", "/admin/callbacks/dead-letters", null, bearer)
                        .body()
                        .contains("order-dead"));
        int attempts = hookCalls().size();
        assertTrue(attempts >= 3, "retried until max-age: " + attempts);
        assertEquals(404, operator.get("/admin/callbacks/dead-letters").status(), "operators only");

        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        JsonNode dead = operator.send("GET", "/admin/callbacks/dead-letters", null, bearer)
                .json();
        String id = null;
        for (JsonNode d : dead) {
            if (d.get("event").get("reference").asText().startsWith("order-dead")) {
                id = d.get("id").asText();
            }
        }
        assertEquals(
                202,
                operator.send("POST", "/admin/callbacks/dead-letters/" + id + "/replay", null, bearer)
                        .status());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hookCalls().size() == attempts + 1);
    }

    @Test
    void aRestartInTheMiddleOfRetriesLosesNothing() {
        app.stubFor(post(urlEqualTo(HOOK))
                .inScenario("restart")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("up"));
        app.stubFor(post(urlEqualTo(HOOK))
                .inScenario("restart")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        worker.stop(); // the running gateway dies before it retries
        DeliveryWorker crashed = new DeliveryWorker(outbox, apps, webhooks, config, vertx, clock, meters);
        crashed.start();
        assertEquals(
                200,
                sinch.post(EVENTS, hooked("order-restart-" + System.nanoTime()).resultEvent())
                        .status());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hookCalls().size() == 1);
        crashed.stop();
        // A new process (a new consumer) claims the event it left pending and delivers it.
        worker.start();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hookCalls().size() == 2 && depth() == 0);
        assertFalse(hookCalls().isEmpty());
    }

    @Test
    void eachAppReceivesOnlyItsOwnVerificationsEvents() throws Exception {
        String neighbourHook = "/hooks/hookedtoo";
        app.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        app.stubFor(post(urlEqualTo(neighbourHook)).willReturn(aResponse().withStatus(200)));
        // "hookedtoo" starts with "hooked": the owner is the whole name before the separator, not a prefix.
        String own = "mine-" + System.nanoTime();
        assertEquals(200, sinch.post(EVENTS, hooked(own).resultEvent()).status());
        for (String theirs : List.of("theirs-1-", "theirs-2-")) {
            Started v = started("hookedtoo", AppWebhooks.NEIGHBOUR_SECRET, theirs + System.nanoTime());
            assertEquals(200, sinch.post(EVENTS, v.resultEvent()).status());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> depth() == 0);
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() ->
                        app.findAll(postRequestedFor(urlEqualTo(neighbourHook))).size() == 2);

        List<LoggedRequest> mine = hookCalls();
        assertEquals(1, mine.size(), "hooked got its one event and none of its neighbour's");
        assertSignedByTheApp(mine.get(0));
        assertEquals(
                own,
                JSON.readTree(mine.get(0).getBodyAsString()).get("reference").asText());
        for (LoggedRequest theirs : app.findAll(postRequestedFor(urlEqualTo(neighbourHook)))) {
            TestSigner.assertSignedBy(
                    theirs, "hookedtoo-key", AppWebhooks.NEIGHBOUR_SECRET, "signed with the neighbour's own secret");
            assertTrue(JSON.readTree(theirs.getBodyAsString())
                    .get("reference")
                    .asText()
                    .startsWith("theirs-"));
        }
    }

    @Test
    void unknownEventsAreAcknowledgedAndCounted() {
        double before = meters.counter("verigate.callbacks.events", "event", "unknown", "outcome", "acknowledged")
                .count();
        assertEquals(
                200,
                sinch.post(EVENTS, "{\"event\":\"VerificationFutureEvent\",\"id\":\"1\"}")
                        .status());
        assertEquals(
                before + 1,
                meters.counter("verigate.callbacks.events", "event", "unknown", "outcome", "acknowledged")
                        .count());
    }
}
