package dev.verigate.callbacks;

import dev.verigate.signing.Credential;
import dev.verigate.signing.Signatures;
import dev.verigate.signing.XTimestamp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * POSTs JSON to an app, signed in the Sinch callback scheme with the app's own key and secret, so
 * apps can validate with the Sinch SDK helpers. Non-blocking (Vert.x HTTP client).
 */
@Singleton
class Webhooks {

    /** Without parameters: some HTTP stacks rewrite a charset's case, which would break the signature. */
    static final String CONTENT_TYPE = "application/json";

    /** An app's answer: HTTP status and body. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Clock clock;

    Webhooks(Vertx vertx, Clock clock) {
        this.http = vertx.createHttpClient();
        this.clock = clock;
    }

    Uni<Answer> post(URI url, Credential as, String json, String eventId, Duration timeout) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = XTimestamp.format(clock.instant());
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String signature = Signatures.sign(
                as.decodedSecret(),
                Signatures.stringToSign("POST", Signatures.contentMd5(body), CONTENT_TYPE, timestamp, path));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("x-timestamp", timestamp)
                .putHeader("Authorization", "Application " + as.key() + ":" + signature)
                .putHeader("X-Verigate-Event-Id", eventId);
        return http.request(options)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(b -> new Answer(response.statusCode(), b.toString())))
                .ifNoItem()
                .after(timeout)
                .fail();
    }
}
