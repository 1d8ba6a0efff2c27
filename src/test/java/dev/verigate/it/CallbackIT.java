package dev.verigate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verigate.it.PackagedJarResource.SHOP_HOOK;
import static dev.verigate.it.PackagedJarResource.STARTS;
import static dev.verigate.it.PackagedJarResource.wireMock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestSigner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A Sinch result event through the packaged jar: signed by Sinch, checked, recorded in the Redis outbox
 * and delivered once to the owning app's webhook, signed with the app's own secret and carrying the
 * app's own reference. An event with a bad signature records and delivers nothing.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedJarResource.class)
class CallbackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "/sinch/events";

    private static String resultEvent(String id, String number, String upstreamReference) {
        return "{\"id\":\"" + id + "\",\"event\":\"VerificationResultEvent\",\"method\":\"sms\","
                + "\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"status\":\"SUCCESSFUL\","
                + "\"source\":\"intercepted\",\"reference\":\"" + upstreamReference + "\"}";
    }

    private static List<LoggedRequest> deliveries(String id) {
        return wireMock().findAll(postRequestedFor(urlEqualTo(SHOP_HOOK))).stream()
                .filter(r -> r.getBodyAsString().contains(id))
                .toList();
    }

    @Test
    void aSignedResultEventReachesTheOwningAppsWebhookOnce() throws Exception {
        wireMock().stubFor(post(urlEqualTo(SHOP_HOOK)).willReturn(aResponse().withStatus(200)));
        String number = TestNumbers.next();
        String id = UUID.randomUUID().toString();
        String reference = "cb-" + System.nanoTime();
        PackagedJarResource.createsOnStart(number, id);
        Flows.ok(PackagedJarResource.shop()
                .post(
                        STARTS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}"));
        // The reference Sinch will send back in its events is the one the gateway sent it.
        String upstreamReference = JSON.readTree(
                        PackagedJarResource.startsFor(number).get(0).getBodyAsString())
                .get("reference")
                .asText();

        String event = resultEvent(id, number, upstreamReference);
        SinchTestClient.Reply forged = new SinchTestClient(
                        PackagedJarResource.gatewayUrl(), PackagedJarResource.SINCH_KEY, "d3Jvbmctc2VjcmV0")
                .post(EVENTS, event);
        assertEquals(401, forged.status(), forged::toString);
        assertEquals(200, PackagedJarResource.sinch().post(EVENTS, event).status());

        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> !deliveries(id).isEmpty());
        // Delivered, acknowledged: no second attempt follows (the forged event queued nothing either).
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> deliveries(id).size() == 1);
        LoggedRequest delivered = deliveries(id).get(0);
        assertNotNull(delivered.getHeader("X-Verigate-Event-Id"));
        TestSigner.assertSignedBy(
                delivered,
                PackagedJarResource.SHOP_KEY,
                PackagedJarResource.SHOP_SECRET,
                "signed with the app's own secret in the Sinch scheme");
        JsonNode body = JSON.readTree(delivered.getBodyAsString());
        assertEquals("VerificationResultEvent", body.get("event").asText());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals(reference, body.get("reference").asText(), "the app's own reference, not the namespaced one");
    }
}
