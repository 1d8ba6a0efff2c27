package dev.verigate.signing;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Builds the {@link SignedRequest} of a Vert.x request whose body has been read. */
public final class InboundSignedRequests {

    private InboundSignedRequests() {
    }

    /** The raw body bytes of the request (empty when it had none). */
    public static byte[] body(RoutingContext rc) {
        Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /** Path and query exactly as received, Content-Type and x-timestamp verbatim. */
    public static SignedRequest of(RoutingContext rc) {
        var request = rc.request();
        return new SignedRequest(request.method().name(), request.path(), request.query(),
                request.getHeader("Content-Type"), body(rc), request.getHeader("x-timestamp"));
    }
}
