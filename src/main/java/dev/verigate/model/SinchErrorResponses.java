package dev.verigate.model;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes Sinch error bodies from Vert.x route handlers (the REST layer uses the exception mapper). */
public final class SinchErrorResponses {

    private SinchErrorResponses() {
    }

    public static String json(SinchError error) {
        return new JsonObject().put("errorCode", error.errorCode()).put("message", error.message())
                .put("reference", error.reference()).encode();
    }

    public static void end(RoutingContext rc, SinchException e) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json");
        e.headers().forEach(rc.response()::putHeader);
        rc.response().end(json(e.body()));
    }
}
