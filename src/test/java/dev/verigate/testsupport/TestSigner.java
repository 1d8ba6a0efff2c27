package dev.verigate.testsupport;

import dev.verigate.signing.Signatures;

/**
 * The one place the tests sign a request the way Sinch's SDKs do (Application-signed scheme): the test clients
 * ({@link SinchTestClient}, the hostile suite's raw requests, the sandbox's hand-made ones) only choose what to
 * sign.
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
}
