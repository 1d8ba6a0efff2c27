package dev.verigate.apps;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Auth;
import dev.verigate.testsupport.SinchTestClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way an inbound call can fail authentication, each with Sinch's status and code. */
@QuarkusTest
class InboundAuthTest {

    private static final String BODY = Gateway.startBody("sms", "+46701234561");

    private static void assertSinchError(Reply r, int status, int code) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(code, r.json().get("errorCode").asInt(), r::toString);
        assertTrue(r.json().get("message").asText().length() > 3);
        assertTrue(r.json().get("reference").asText().matches("[0-9a-f-]{36}"));
        assertTrue(r.header("content-type").startsWith("application/json"));
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Content-Type", "application/json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Reply raw(Map<String, String> headers) {
        return SinchTestClient.raw(
                "POST", Gateway.baseUrl() + VERIFICATIONS, headers, BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingAuthorizationIs40104() {
        assertSinchError(Gateway.alpha().with(Auth.NONE).post(VERIFICATIONS, BODY), 401, 40104);
    }

    @Test
    void unparsableAuthorizationIs40100() {
        assertSinchError(raw(headers("Authorization", "Bearer abc")), 401, 40100);
        assertSinchError(raw(headers("Authorization", "Basic ???")), 401, 40100);
    }

    @Test
    void publicAuthUnknownKeyAndWrongBasicAre40107() {
        assertSinchError(raw(headers("Authorization", "Application alpha-key")), 401, 40107);
        assertSinchError(
                raw(headers(
                        "Authorization",
                        "Application nobody:c2ln",
                        "x-timestamp",
                        Instant.now().toString())),
                401,
                40107);
        assertSinchError(
                new SinchTestClient(Gateway.baseUrl(), "alpha-key", "d3Jvbmc=")
                        .with(Auth.BASIC)
                        .post(VERIFICATIONS, BODY),
                401,
                40107);
    }

    @Test
    void basicIsRefusedForAnAppThatDisallowsIt() {
        assertSinchError(Gateway.beta().with(Auth.BASIC).post(VERIFICATIONS, BODY), 401, 40107);
    }

    @Test
    void missingOrSkewedTimestampIs40101() {
        assertSinchError(raw(headers("Authorization", "Application alpha-key:c2ln")), 401, 40101);
        assertSinchError(
                raw(headers(
                        "Authorization",
                        "Application alpha-key:c2ln",
                        "x-timestamp",
                        Instant.now().minusSeconds(16 * 60).toString())),
                401,
                40101);
        assertSinchError(
                raw(headers("Authorization", "Application alpha-key:c2ln", "x-timestamp", "not a time")), 401, 40101);
    }

    @Test
    void wrongSignatureAnswersAsAnUnknownKeyDoes() {
        Reply wrong = new SinchTestClient(Gateway.baseUrl(), "alpha-key", "d3Jvbmc=").post(VERIFICATIONS, BODY);
        Reply unknown = new SinchTestClient(Gateway.baseUrl(), "nobody-key", "d3Jvbmc=").post(VERIFICATIONS, BODY);
        assertSinchError(wrong, 401, 40107);
        assertSinchError(unknown, 401, 40107);
        assertEquals(
                unknown.json().get("message").asText(),
                wrong.json().get("message").asText());
    }

    @Test
    void signatureCoversTheBody() {
        // Sign one body, send another: the gateway must refuse.
        String ts = Instant.now().toString();
        String toSign = dev.verigate.signing.Signatures.stringToSign(
                "POST",
                dev.verigate.signing.Signatures.contentMd5(BODY.getBytes(StandardCharsets.UTF_8)),
                "application/json",
                ts,
                VERIFICATIONS);
        String sig = dev.verigate.signing.Signatures.sign(
                dev.verigate.signing.Signatures.decodeSecret("YWxwaGEtc2VjcmV0LWZvci10ZXN0cw=="), toSign);
        Reply r = SinchTestClient.raw(
                "POST",
                Gateway.baseUrl() + VERIFICATIONS,
                headers("Authorization", "Application alpha-key:" + sig, "x-timestamp", ts),
                BODY.replace("sms", "flashcall").getBytes(StandardCharsets.UTF_8));
        assertSinchError(r, 401, 40107);
    }

    @Test
    void oversizedBodyIsRefusedBeforeAuth() {
        byte[] big = ("{\"custom\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Reply r = SinchTestClient.raw("POST", Gateway.baseUrl() + VERIFICATIONS, headers(), big);
        assertSinchError(r, 413, 41390);
    }
}
