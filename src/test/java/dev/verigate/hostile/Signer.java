package dev.verigate.hostile;

import dev.verigate.testsupport.TestSigner;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;

/** Signs raw requests like the Sinch SDKs (the raw path as resource), for any key and secret. */
record Signer(String key, String secret) {

    /** A test app of the %test profile, by id. */
    static Signer app(String id) {
        var config = ConfigProvider.getConfig();
        return new Signer(
                config.getValue("verigate.apps." + id + ".key", String.class),
                config.getValue("verigate.apps." + id + ".secret", String.class));
    }

    /** The gateway's upstream credential: what Sinch signs its callbacks with. */
    static Signer upstream() {
        var config = ConfigProvider.getConfig();
        return new Signer(
                config.getValue("verigate.upstream.application-key", String.class),
                config.getValue("verigate.upstream.application-secret", String.class));
    }

    /** The Authorization value for this request as described. */
    String authorization(String method, String resource, String contentType, byte[] body, String timestamp) {
        return TestSigner.authorization(key, secret, method, resource, contentType, body, timestamp);
    }

    /** A correctly signed request with a fresh x-timestamp; JSON Content-Type when there is a body. */
    RawHttp.Request sign(String method, String target, byte[] body) {
        return sign(
                method,
                target,
                body == null || body.length == 0 && method.equals("GET") ? null : "application/json",
                body,
                Instant.now().toString());
    }

    RawHttp.Request sign(String method, String target, String contentType, byte[] body, String timestamp) {
        byte[] b = body == null ? new byte[0] : body;
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        RawHttp.Request r = RawHttp.Request.of(method, target, b, "Accept", "application/json");
        if (contentType != null) {
            r = r.withHeader("Content-Type", contentType);
        }
        return r.withHeader("x-timestamp", timestamp)
                .withHeader("Authorization", authorization(method, path, contentType, b, timestamp));
    }

    /** The signature part of an {@code Application key:signature} value. */
    static String signature(String authorization) {
        return authorization.substring(authorization.lastIndexOf(':') + 1);
    }
}
