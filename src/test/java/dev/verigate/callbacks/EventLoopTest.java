package dev.verigate.callbacks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The whole loop, as in dev mode: app → Verigate → sandbox, which asks Verigate's /sinch/events about
 * the request (Verigate asks the app's request webhook) and later reports the result there; Verigate
 * delivers it to the app's webhook with the app's own reference.
 */
@QuarkusTest
@TestProfile(EventLoopTest.Loop.class)
@WithTestResource(AppWebhooks.class)
class EventLoopTest {

    public static class Loop implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verigate.sandbox.callbacks-enabled", "true", "verigate.callbacks.delivery.poll-interval", "50ms");
        }
    }

    @WireMockUpstream.InjectWireMock
    WireMockServer app;

    @org.junit.jupiter.api.BeforeEach
    void reset() {
        app.resetAll();
    }

    @Test
    void theAppsDecisionShapesTheVerificationAndItsResultReachesTheAppsWebhook() throws Exception {
        app.stubFor(post(urlEqualTo("/decide/hooked"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"action\":\"allow\",\"sms\":{\"code\":\"2468\"}}")));
        app.stubFor(post(urlEqualTo("/hooks/hooked")).willReturn(aResponse().withStatus(200)));
        SinchTestClient hooked = new SinchTestClient(Gateway.baseUrl(), "hooked-key", AppWebhooks.SECRET);
        String number = TestNumbers.next();
        String id = Flows.ok(hooked.post(
                        VERIFICATIONS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"loop-1\"}"))
                .get("id")
                .asText();
        assertEquals(
                1, app.findAll(postRequestedFor(urlEqualTo("/decide/hooked"))).size(), "the app was asked");
        assertEquals("2468", Flows.delivered(number, id), "the app's own code was sent");

        assertEquals(
                "SUCCESSFUL",
                Flows.ok(hooked.put(VERIFICATIONS + "/id/" + id, Flows.smsReport("2468")))
                        .get("status")
                        .asText());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> app.findAll(postRequestedFor(urlEqualTo("/hooks/hooked"))).stream()
                        .anyMatch(r -> r.getBodyAsString().contains("SUCCESSFUL")));
        JsonNode result = null;
        for (var r : app.findAll(postRequestedFor(urlEqualTo("/hooks/hooked")))) {
            JsonNode e = new ObjectMapper().readTree(r.getBodyAsString());
            if ("VerificationResultEvent".equals(e.path("event").asText())
                    && "SUCCESSFUL".equals(e.path("status").asText())) {
                result = e;
            }
        }
        assertEquals(id, result.get("id").asText());
        assertEquals("loop-1", result.get("reference").asText(), "the app's own reference, not the namespaced one");
        assertFalse(result.toString().contains("hooked:"), "no namespace leaks to the app");
    }

    /**
     * Whoever calls the sandbox cannot choose where its events go: a start sent with a foreign Host header still
     * has its request event sent to this gateway's own /sinch/events (which asks the app's request webhook).
     */
    @Test
    void theSandboxNeverSendsEventsWhereTheHostHeaderSays() throws Exception {
        app.stubFor(post(urlEqualTo("/decide/hooked"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"action\":\"allow\"}")));
        String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + TestNumbers.next()
                + "\"},\"method\":\"sms\",\"reference\":\"hooked:host-" + System.nanoTime() + "\"}";
        Map<String, String> signed = Gateway.sandbox().headers("POST", VERIFICATIONS, body, Map.of());
        assertEquals(200, postWithHost("/sandbox" + VERIFICATIONS, signed, body, "attacker.invalid:9"));
        assertEquals(
                1,
                app.findAll(postRequestedFor(urlEqualTo("/decide/hooked"))).size(),
                "the request event reached this gateway, which asked the app");
    }

    /** A POST whose Host header is chosen here (Java's HTTP client does not let a caller set it). */
    private static int postWithHost(String path, Map<String, String> headers, String body, String host)
            throws java.io.IOException {
        java.net.URI base = java.net.URI.create(Gateway.baseUrl());
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
