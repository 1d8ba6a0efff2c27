package dev.verigate.upstream;

import dev.verigate.signing.Credential;
import dev.verigate.signing.Signatures;
import dev.verigate.signing.XTimestamp;
import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.jboss.logging.MDC;

/**
 * Signs every upstream call as an Application-signed request: a fresh x-timestamp and the path as it
 * is sent upstream (including the base URL's prefix, e.g. {@code /sandbox}), never the inbound one.
 */
@Singleton
class UpstreamSigningFilter implements ClientRequestFilter {

    private final UpstreamCredentials credentials;
    private final Clock clock;

    UpstreamSigningFilter(UpstreamCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public void filter(ClientRequestContext ctx) {
        Object signAs = ctx.getHeaders().getFirst(SinchApi.SIGN_AS);
        ctx.getHeaders().remove(SinchApi.SIGN_AS);
        Credential credential = credentials.byKey(signAs == null ? null : signAs.toString());
        byte[] body = ctx.hasEntity() ? (byte[]) ctx.getEntity() : new byte[0];
        String contentType = "";
        if (ctx.hasEntity()) {
            contentType = MediaType.APPLICATION_JSON;
            ctx.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, contentType);
        }
        String timestamp = XTimestamp.format(clock.instant());
        String toSign = Signatures.stringToSign(
                ctx.getMethod(),
                Signatures.contentMd5(body),
                contentType,
                timestamp,
                ctx.getUri().getRawPath());
        ctx.getHeaders().putSingle("x-timestamp", timestamp);
        Object requestId = MDC.get("requestId");
        if (requestId != null) {
            ctx.getHeaders().putSingle("X-Request-Id", requestId.toString());
        }
        ctx.getHeaders()
                .putSingle(
                        HttpHeaders.AUTHORIZATION,
                        "Application " + credential.key() + ":" + Signatures.sign(credential.decodedSecret(), toSign));
    }
}
