package dev.verigate.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.signing.Signatures;
import dev.verigate.testsupport.WireMockCallbacks;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;

/**
 * The app's side of the sandbox's events, on WireMock: answers to request events, and the events
 * received, each proven signed like Sinch's (reference §2.4) before a test sees it.
 */
final class CallbackJournal {

    static final String REQUEST = "VerificationRequestEvent";
    static final String RESULT = "VerificationResultEvent";
    static final String SMS_DELIVERED = "VerificationSmsDeliveredEvent";
    private static final String TIMESTAMP_7 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    CallbackJournal(WireMockServer server) {
        this.server = server;
    }

    /** Forgets earlier tests' stubs and events; then every event is answered allow. */
    void reset() {
        server.resetAll();
        server.stubFor(
                post(urlEqualTo(WireMockCallbacks.PATH)).atPriority(10).willReturn(okJson("{\"action\":\"allow\"}")));
    }

    /** How the app answers request events for this number. */
    void answer(String number, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(WireMockCallbacks.PATH))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.event", equalTo(REQUEST)))
                .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number)))
                .willReturn(response));
    }

    /** Every event of that kind received for the number, each checked for its signature. */
    List<JsonNode> events(String number, String event) {
        return server
                .findAll(postRequestedFor(urlEqualTo(WireMockCallbacks.PATH))
                        .withRequestBody(matchingJsonPath("$.event", equalTo(event)))
                        .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number))))
                .stream()
                .map(CallbackJournal::signed)
                .toList();
    }

    /** Fire-and-forget events arrive after the answer they follow: waits for exactly one. */
    JsonNode awaitOne(String number, String event) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> !events(number, event).isEmpty());
        List<JsonNode> received = events(number, event);
        assertEquals(1, received.size(), received.toString());
        return received.get(0);
    }

    /** None arrives for a while (the events sent alongside it have arrived by then in practice). */
    void assertNone(String number, String event) {
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> events(number, event).isEmpty());
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Recomputes the signature over exactly what arrived: body bytes, Content-Type, x-timestamp, path. */
    private static JsonNode signed(LoggedRequest r) {
        String contentType = r.getHeader("Content-Type");
        String timestamp = r.getHeader("x-timestamp");
        assertEquals("application/json; charset=utf-8", contentType);
        assertTrue(timestamp.matches(TIMESTAMP_7), timestamp);
        assertTrue(
                Duration.between(Instant.parse(timestamp), Instant.now()).abs().getSeconds() < 60, timestamp);
        String path = URI.create(r.getAbsoluteUrl()).getRawPath();
        assertEquals(WireMockCallbacks.PATH, path);
        String toSign =
                Signatures.stringToSign("POST", Signatures.contentMd5(r.getBody()), contentType, timestamp, path);
        assertEquals(
                "Application " + SignedRequests.key() + ":"
                        + Signatures.sign(Signatures.decodeSecret(SignedRequests.secret()), toSign),
                r.getHeader("Authorization"));
        try {
            return JSON.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError("event is not JSON: " + r.getBodyAsString(), e);
        }
    }
}
