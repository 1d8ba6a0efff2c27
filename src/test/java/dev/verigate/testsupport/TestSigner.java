package dev.verigate.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.signing.Credential;
import dev.verigate.signing.Signatures;
import dev.verigate.signing.SignedRequest;
import java.net.URI;

/**
 * The one place the tests sign a request the way Sinch's SDKs do (Application-signed scheme): the test clients
 * ({@link SinchTestClient}, the hostile suite's raw requests, the sandbox's hand-made ones) only choose what to
 * sign. It also checks what Verigate signed, as a WireMock stand-in (Sinch, an app's webhook) received it.
 */
public final class TestSigner {

    private TestSigner() {}

    /** {@code Application <key>:<signature>} for this request, signed with the Base64 {@code secret}. */
    public static String authorization(
            String key,
            String secret,
            String method,
            String resource,
            String contentType,
            byte[] body,
            String timestamp) {
        String toSign = Signatures.stringToSign(
                method,
                Signatures.contentMd5(body == null ? new byte[0] : body),
                contentType == null ? "" : contentType,
                timestamp,
                resource);
        return "Application " + key + ":" + Signatures.sign(Signatures.decodeSecret(secret), toSign);
    }

    /** Asserts that the request was Application-signed with {@code key} and its Base64 {@code secret}. */
    public static void assertSignedBy(LoggedRequest r, String key, String secret, String message) {
        String auth = r.getHeader("Authorization");
        assertTrue(auth != null && auth.startsWith("Application " + key + ":"), auth);
        URI url = URI.create(r.getUrl());
        SignedRequest signed = new SignedRequest(
                r.getMethod().getName(),
                url.getRawPath(),
                url.getRawQuery(),
                r.getHeader("Content-Type"),
                r.getBody(),
                r.getHeader("x-timestamp"));
        assertTrue(signed.verify(Credential.of(key, secret), auth.substring(auth.indexOf(':') + 1)), message);
    }
}
