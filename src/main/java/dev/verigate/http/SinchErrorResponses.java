package dev.verigate.http;

import dev.verigate.model.GatewayCodes;
import dev.verigate.model.SinchError;
import dev.verigate.model.SinchException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes Sinch error bodies from Vert.x route handlers (the REST layer uses the exception mapper). */
public final class SinchErrorResponses {

    private SinchErrorResponses() {}

    public static String json(SinchError error) {
        return new JsonObject()
                .put("errorCode", error.errorCode())
                .put("message", error.message())
                .put("reference", error.reference())
                .encode();
    }

    public static void end(RoutingContext rc, SinchException e) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json");
        e.headers().forEach(rc.response()::putHeader);
        rc.response().end(json(e.body()));
    }

    /**
     * A failure handler's answer to what the body handler refused: 413/41390 for a body over
     * {@code maxBytes}, 400/40001 for one it could not read; any other failure goes on to the next handler.
     */
    public static void endBodyFailure(RoutingContext rc, long maxBytes) {
        if (rc.statusCode() == 413) {
            end(
                    rc,
                    new SinchException(
                            413, GatewayCodes.BODY_TOO_LARGE, "Request body is larger than " + maxBytes + " bytes."));
        } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
            end(rc, SinchException.badRequest("Request could not be read."));
        } else {
            rc.next();
        }
    }
}
