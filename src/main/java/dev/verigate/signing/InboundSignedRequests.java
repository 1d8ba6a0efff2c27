package dev.verigate.signing;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** Builds the {@link SignedRequest} of a Vert.x request whose body has been read. */
public final class InboundSignedRequests {

    private InboundSignedRequests() {}

    /** The raw body bytes of the request (empty when it had none). */
    public static byte[] body(RoutingContext rc) {
        Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /**
     * Authenticates the request with its Authorization header. A request that repeats a header the
     * signature depends on is refused (40100) before any check.
     */
    public static <P> AuthResult<P> authenticate(
            RequestAuthenticator<P> authenticator, RoutingContext rc, Instant now) {
        if (ambiguous(rc)) {
            return AuthResult.refused(AuthFailure.REPEATED_HEADER);
        }
        return authenticator.authenticate(rc.request().getHeader("Authorization"), of(rc), now);
    }

    /**
     * Whether a header the signature depends on came more than once. Only the first is read and
     * signed, while a proxy or Sinch might read another: such a request is refused, never guessed at.
     */
    private static boolean ambiguous(RoutingContext rc) {
        var headers = rc.request().headers();
        return headers.getAll("Authorization").size() > 1
                || headers.getAll("x-timestamp").size() > 1
                || headers.getAll("Content-Type").size() > 1;
    }

    /** Path and query exactly as received, Content-Type and x-timestamp verbatim. */
    public static SignedRequest of(RoutingContext rc) {
        var request = rc.request();
        return new SignedRequest(
                request.method().name(),
                request.path(),
                request.query(),
                request.getHeader("Content-Type"),
                body(rc),
                request.getHeader("x-timestamp"));
    }
}
