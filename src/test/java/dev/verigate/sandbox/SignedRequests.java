package dev.verigate.sandbox;

import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Hand-signed requests, for what {@link SinchTestClient} deliberately never sends. */
final class SignedRequests {

    private SignedRequests() {}

    static String secret() {
        return ConfigProvider.getConfig().getValue("verigate.upstream.application-secret", String.class);
    }

    static String key() {
        return ConfigProvider.getConfig().getValue("verigate.upstream.application-key", String.class);
    }

    /** A POST signed with the given Content-Type (signed verbatim, as Sinch requires). */
    static Reply post(SandboxApi api, String path, String body, String contentType) {
        return send(api, "POST", path, body, contentType, Instant.now().toString(), secret());
    }

    static Reply send(
            SandboxApi api,
            String method,
            String path,
            String body,
            String contentType,
            String timestamp,
            String secret) {
        String url = api.base + path;
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("x-timestamp", timestamp);
        headers.put(
                "Authorization",
                TestSigner.authorization(
                        key(), secret, method, URI.create(url).getPath(), contentType, bytes, timestamp));
        return SinchTestClient.raw(method, url, headers, bytes);
    }
}
