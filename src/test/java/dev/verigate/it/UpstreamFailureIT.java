package dev.verigate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.verigate.it.PackagedJarResource.STARTS;
import static dev.verigate.it.PackagedJarResource.json;
import static dev.verigate.it.PackagedJarResource.wireMock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sinch failing, through the packaged jar. A failure that certainly created nothing (503/50300) is
 * retried ({@code verigate.upstream.retry.max-retries}) and then relayed to the app as Sinch sent it,
 * never looked up. An ambiguous one (500) is never re-sent blindly: Sinch is asked by the start's
 * reference, and when it cannot be asked the app gets Verigate's own 503/50300 with Retry-After.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedJarResource.class)
class UpstreamFailureIT {

    @Test
    void sinch503IsRetriedThenAnsweredAsASinch503() {
        String number = TestNumbers.next();
        PackagedJarResource.onStart(
                number, json(503, "{\"errorCode\":50300,\"message\":\"Service unavailable\",\"reference\":\"stub\"}"));
        int lookups = wireMock()
                .findAll(getRequestedFor(urlPathMatching(STARTS + "/reference/.*")))
                .size();

        Reply r = PackagedJarResource.shop().post(STARTS, Gateway.startBody("sms", number));
        assertEquals(503, r.status(), r::toString);
        assertEquals(50300, r.json().get("errorCode").asInt());
        assertEquals("Service unavailable", r.json().get("message").asText(), "Sinch's own error, relayed unchanged");
        assertEquals("stub", r.json().get("reference").asText());
        assertEquals(
                1 + PackagedJarResource.MAX_RETRIES,
                PackagedJarResource.startsFor(number).size(),
                "one attempt and its retries");
        assertEquals(
                lookups,
                wireMock()
                        .findAll(getRequestedFor(urlPathMatching(STARTS + "/reference/.*")))
                        .size(),
                "a certain failure is never looked up");

        // Nothing was sent, so nothing was charged: the number may start again at once (no cooldown).
        PackagedJarResource.createsOnStart(number, "after-503-" + System.nanoTime());
        assertEquals(
                200,
                PackagedJarResource.shop()
                        .post(STARTS, Gateway.startBody("sms", number))
                        .status());
    }

    @Test
    void anAmbiguous500IsLookedUpNotResent() {
        String number = TestNumbers.next();
        String reference = "amb-" + System.nanoTime();
        String id = UUID.randomUUID().toString();
        PackagedJarResource.onStart(
                number, json(500, "{\"errorCode\":50000,\"message\":\"Internal\",\"reference\":\"s\"}"));
        String byReference = STARTS + "/reference/shop(:|%3A)" + reference;
        wireMock()
                .stubFor(get(urlPathMatching(byReference))
                        .willReturn(json(200, "{\"id\":\"" + id + "\",\"method\":\"sms\",\"status\":\"PENDING\"}")));

        Reply r = PackagedJarResource.shop()
                .post(
                        STARTS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}");
        assertEquals(200, r.status(), r::toString);
        assertEquals(id, r.json().get("id").asText());
        assertEquals("true", r.header("Verigate-Recovered"));
        assertEquals(1, PackagedJarResource.startsFor(number).size(), "a 500 is never re-sent blindly: one code");
        assertEquals(
                1,
                wireMock()
                        .findAll(getRequestedFor(urlPathMatching(byReference)))
                        .size());
    }

    @Test
    void whenSinchCannotBeAskedTheAppGetsVerigates503() {
        String number = TestNumbers.next();
        String reference = "unk-" + System.nanoTime();
        PackagedJarResource.onStart(
                number, json(500, "{\"errorCode\":50000,\"message\":\"Internal\",\"reference\":\"s\"}"));
        String byReference = STARTS + "/reference/shop(:|%3A)" + reference;
        wireMock()
                .stubFor(get(urlPathMatching(byReference))
                        .willReturn(json(500, "{\"errorCode\":50000,\"message\":\"Internal\",\"reference\":\"s\"}")));

        Reply r = PackagedJarResource.shop()
                .post(
                        STARTS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                                + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}");
        assertEquals(503, r.status(), r::toString);
        assertEquals(50300, r.json().get("errorCode").asInt());
        assertNotEquals("s", r.json().get("reference").asText(), "Verigate's own error, not Sinch's");
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, "Retry-After");
        assertEquals(1, PackagedJarResource.startsFor(number).size(), "nothing re-sent while the outcome is unknown");
        assertEquals(
                1,
                wireMock()
                        .findAll(getRequestedFor(urlPathMatching(byReference)))
                        .size());
    }
}
