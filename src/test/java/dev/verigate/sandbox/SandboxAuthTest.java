package dev.verigate.sandbox;

import static dev.verigate.sandbox.SandboxApi.identity;
import static dev.verigate.sandbox.SandboxRulesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Auth;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox authenticates like Sinch: signed or Basic with its one credential, never public. */
@QuarkusTest
class SandboxAuthTest {

    private final SandboxApi api = new SandboxApi();

    @Inject
    SandboxTraffic traffic;

    private String startBody() {
        return "{\"identity\":" + identity(SandboxApi.freshNumber()) + ",\"method\":\"sms\"}";
    }

    @Test
    void refusedRequestsAreCountedButCreateNothing() {
        traffic.reset();
        assertError(api.client.with(Auth.NONE).post(SandboxApi.VERIFICATIONS, startBody()), 401, 40104);
        assertError(
                SignedRequests.send(
                        api,
                        "POST",
                        SandboxApi.VERIFICATIONS,
                        startBody(),
                        "application/json",
                        Instant.now().toString(),
                        "d3Jvbmctc2VjcmV0"),
                401,
                40107);
        String skewed = Instant.now().minus(Duration.ofMinutes(16)).toString();
        assertError(
                SignedRequests.send(
                        api,
                        "POST",
                        SandboxApi.VERIFICATIONS,
                        startBody(),
                        "application/json",
                        skewed,
                        SignedRequests.secret()),
                401,
                40101);
        assertEquals(3, traffic.requests());
        assertEquals(0, traffic.startsCreated());
    }

    @Test
    void otherRefusals() {
        String url = api.base + SandboxApi.VERIFICATIONS;
        byte[] body = startBody().getBytes(StandardCharsets.UTF_8);
        assertError(raw(url, body, "Application " + SignedRequests.key(), null), 401, 40107);
        assertError(
                raw(url, body, "Application someone-else:c2ln", Instant.now().toString()), 401, 40107);
        assertError(raw(url, body, "Bearer abc", null), 401, 40100);
        assertError(raw(url, body, "Application " + SignedRequests.key() + ":c2ln", null), 401, 40101);
        assertError(raw(url, body, "Application " + SignedRequests.key() + ":c2ln", "yesterday"), 401, 40101);
        String wrongBasic =
                Base64.getEncoder().encodeToString((SignedRequests.key() + ":nope").getBytes(StandardCharsets.UTF_8));
        assertError(raw(url, body, "Basic " + wrongBasic, null), 401, 40107);
    }

    @Test
    void basicAuthIsAccepted() {
        SinchTestClient basic = api.client.with(Auth.BASIC);
        Reply started = basic.post(SandboxApi.VERIFICATIONS, startBody());
        assertEquals(200, started.status(), started.toString());
        assertEquals(
                200,
                basic.get(SandboxApi.VERIFICATIONS + "/id/"
                                + started.json().get("id").asText())
                        .status());
    }

    @Test
    void anEncodedPlusInThePathIsSignedLikeTheJavaSdk() {
        String number = SandboxApi.freshNumber();
        api.start(number, "sms");
        Reply status = api.statusByNumber("sms", number.replace("+", "%2B"));
        assertEquals(200, status.status(), status.toString());
        assertEquals(number, status.json().at("/identity/endpoint").asText());
    }

    @Test
    void theDevicePathsNeedNoAuth() {
        assertEquals(
                200,
                SinchTestClient.raw("GET", api.base + "/inbox/" + SandboxApi.freshNumber(), Map.of(), null)
                        .status());
    }

    private static Reply raw(String url, byte[] body, String authorization, String timestamp) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", authorization);
        if (timestamp != null) {
            headers.put("x-timestamp", timestamp);
        }
        return SinchTestClient.raw("POST", url, headers, body);
    }
}
