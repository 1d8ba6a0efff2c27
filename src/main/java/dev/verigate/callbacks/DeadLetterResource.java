package dev.verigate.callbacks;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Operator endpoints for events no webhook accepted in time: list them, and put one back into the
 * outbox. Bearer {@code verigate.callbacks.admin-token}; without a configured token they do not exist.
 */
@Path("/admin/callbacks/dead-letters")
public class DeadLetterResource {

    private final Outbox outbox;
    private final CallbacksConfig config;

    DeadLetterResource(Outbox outbox, CallbacksConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    @GET
    public Uni<Response> list(@HeaderParam("Authorization") String authorization, @QueryParam("max") Integer max) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(notFound());
        }
        return outbox.deadLetters(max == null ? 100 : Math.max(1, Math.min(max, 1000)))
                .map(entries -> {
                    JsonArray out = new JsonArray();
                    entries.forEach(e -> out.add(new JsonObject()
                            .put("id", e.id())
                            .put("app", e.appId())
                            .put("eventId", e.eventId())
                            .put("event", new JsonObject(e.body()))));
                    return Response.ok(out.encode(), MediaType.APPLICATION_JSON).build();
                });
    }

    @POST
    @Path("/{id}/replay")
    public Uni<Response> replay(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(notFound());
        }
        return outbox.replay(id).map(found -> found ? Response.accepted().build() : notFound());
    }

    private boolean authorized(String authorization) {
        return config.adminToken()
                .filter(t -> !t.isBlank())
                .map(token -> authorization != null
                        && MessageDigest.isEqual(
                                ("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                                authorization.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    private static Response notFound() {
        return Response.status(404)
                .type(MediaType.APPLICATION_JSON)
                .entity(dev.verigate.model.SinchError.of(40400, "Requested resource was not found."))
                .build();
    }
}
