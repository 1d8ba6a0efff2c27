package dev.verigate.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verigate.apps.AppRegistry;
import dev.verigate.signing.Credential;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Auth;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's stand-in app webhook ({@code /sandbox/webhook/{app}}, where the dev profile's demo app
 * points) takes what the gateway's own {@link Webhooks} delivers, signed with the app's key, and shows it;
 * anything not signed by that app is refused and not kept.
 */
@QuarkusTest
class WebhookInboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    Webhooks webhooks;

    @Inject
    AppRegistry apps;

    private final SinchTestClient reader = Gateway.alpha().with(Auth.NONE);

    private static URI inbox(String app) {
        return URI.create(Gateway.baseUrl() + "/sandbox/webhook/" + app);
    }

    private Credential credentialOf(String app) {
        return apps.byId(app).orElseThrow().credential();
    }

    private JsonNode events(String app) throws Exception {
        Reply r = reader.get("/sandbox/webhook/" + app);
        assertEquals(200, r.status(), r::toString);
        return JSON.readTree(r.body());
    }

    private static String resultEvent(String id) {
        return "{\"id\":\"" + id + "\",\"event\":\"VerificationResultEvent\",\"method\":\"sms\","
                + "\"identity\":{\"type\":\"number\",\"endpoint\":\"+46701234567\"},\"status\":\"SUCCESSFUL\"}";
    }

    @Test
    void aDeliverySignedByTheAppIsKeptNewestFirst() throws Exception {
        int before = events("alpha").size();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        for (String id : new String[] {first, second}) {
            Webhooks.Answer a = webhooks.post(inbox("alpha"), credentialOf("alpha"), resultEvent(id), id, TIMEOUT)
                    .await()
                    .atMost(TIMEOUT);
            assertEquals(200, a.status(), a.body());
            assertEquals("{}", a.body());
        }
        JsonNode events = events("alpha");
        assertEquals(Math.min(before + 2, 100), events.size());
        assertEquals(second, events.get(0).at("/event/id").asText());
        assertEquals(first, events.get(1).at("/event/id").asText());
        assertEquals("SUCCESSFUL", events.get(0).at("/event/status").asText());
    }

    @Test
    void anotherAppsSignatureOrNoneIsRefusedAndNotKept() throws Exception {
        int before = events("beta").size();
        String id = UUID.randomUUID().toString();
        Webhooks.Answer forged = webhooks.post(inbox("beta"), credentialOf("alpha"), resultEvent(id), id, TIMEOUT)
                .await()
                .atMost(TIMEOUT);
        assertEquals(401, forged.status(), forged.body());
        Reply unsigned = reader.post("/sandbox/webhook/beta", resultEvent(id));
        assertEquals(401, unsigned.status(), unsigned::toString);
        assertEquals(before, events("beta").size());
    }

    @Test
    void aRequestEventIsAllowedAndAnUnknownAppIs404() throws Exception {
        String id = UUID.randomUUID().toString();
        String request = "{\"id\":\"" + id + "\",\"event\":\"VerificationRequestEvent\",\"method\":\"sms\","
                + "\"identity\":{\"type\":\"number\",\"endpoint\":\"+46701234567\"}}";
        Webhooks.Answer a = webhooks.post(inbox("alpha"), credentialOf("alpha"), request, id, TIMEOUT)
                .await()
                .atMost(TIMEOUT);
        assertEquals(200, a.status(), a.body());
        assertEquals("allow", JSON.readTree(a.body()).get("action").asText());
        assertEquals(404, reader.get("/sandbox/webhook/nobody").status());
    }
}
