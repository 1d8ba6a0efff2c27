package dev.verigate.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verigate.signing.Credential;
import dev.verigate.signing.Signatures;
import dev.verigate.upstream.UpstreamConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * POSTs the sandbox's events exactly as Sinch sends callbacks (reference §2.4): JSON with
 * {@code Content-Type: application/json; charset=utf-8} (signed verbatim), an {@code x-timestamp} with
 * seven fractional digits, and {@code Authorization: Application key:signature} over the path of the
 * callback URL, with the credential the sandbox accepts. Non-blocking: Vert.x's HTTP client, bounded by
 * {@code verigate.sandbox.callback-timeout}.
 */
@Singleton
class CallbackSender {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** Sinch writes callback timestamps the .NET way: UTC, seven fractional digits, a Z. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** Vert.x pools five connections per host; a slow endpoint would then hold every later event back. */
    private static final int MAX_CONNECTIONS_PER_HOST = 32;

    /** The endpoint's answer: status and raw body. */
    record Reply(int status, byte[] body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final Clock clock;
    /** Null when no event can be sent: a disabled sandbox must not fail the boot over a secret it never uses. */
    private final Credential credential;

    CallbackSender(Vertx vertx, ObjectMapper mapper, SandboxConfig config, UpstreamConfig upstream, Clock clock) {
        this.mapper = mapper;
        this.timeout = config.callbackTimeout();
        this.clock = clock;
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) timeout.toMillis()),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST));
        this.credential = config.enabled() && config.callbacksEnabled() ? SandboxCredential.of(config, upstream) : null;
    }

    /** Fails on a network error, or when no whole answer came within the callback timeout. */
    Uni<Reply> post(URI target, Object event) {
        byte[] body = json(event);
        return Uni.createFrom()
                .completionStage(() -> http.request(request(target, body))
                        .compose(sent -> sent.send(Buffer.buffer(body)))
                        .compose(answer -> answer.body().map(b -> new Reply(answer.statusCode(), b.getBytes())))
                        .toCompletionStage())
                .ifNoItem()
                .after(timeout)
                .fail();
    }

    /** Signed when sent, so the x-timestamp is fresh. */
    private RequestOptions request(URI target, byte[] body) {
        String timestamp = timestamp(clock.instant());
        String resource = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        // The request's own timeout frees the connection should the Uni above have given up first.
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.toString())
                .setConnectTimeout(timeout.toMillis())
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Accept", "application/json")
                .putHeader("x-timestamp", timestamp)
                .putHeader("Authorization", authorization(credential, body, timestamp, resource));
    }

    /** {@code Application key:signature} over a POST of {@code body} as {@link #CONTENT_TYPE} (reference §2.4). */
    static String authorization(Credential credential, byte[] body, String timestamp, String resource) {
        String toSign = Signatures.stringToSign("POST", Signatures.contentMd5(body), CONTENT_TYPE, timestamp, resource);
        return "Application " + credential.key() + ":" + Signatures.sign(credential.decodedSecret(), toSign);
    }

    /** The endpoint for a log line: without its query, which might carry a token. */
    static String shown(URI target) {
        return target.getScheme() + "://" + target.getRawAuthority() + target.getRawPath();
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private byte[] json(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialize", e);
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
