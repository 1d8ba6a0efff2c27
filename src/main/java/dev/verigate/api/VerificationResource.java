package dev.verigate.api;

import dev.verigate.apps.App;
import dev.verigate.apps.ClientAuthFilter;
import dev.verigate.model.JsonBodies;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.StartRequest;
import dev.verigate.signing.InboundSignedRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Sinch's six Verification endpoints, same paths and bodies. Callers are authenticated by
 * {@link ClientAuthFilter}, which also kept the raw body (signatures cover its exact bytes).
 */
@Path("/verification/v1/verifications")
public class VerificationResource {

    private final VerificationService service;
    private final JsonBodies bodies;
    private final ApiConfig config;

    VerificationResource(VerificationService service, JsonBodies bodies, ApiConfig config) {
        this.service = service;
        this.bodies = bodies;
        this.config = config;
    }

    @POST
    public Uni<Response> start(RoutingContext rc, @HeaderParam("Accept-Language") String acceptLanguage,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        App app = ClientAuthFilter.caller(rc);
        ValidStart start = ValidStart.of(bodies.read(rc, StartRequest.class), app);
        return reply(rc, app, service.start(app, start, AcceptLanguage.sanitize(acceptLanguage),
                Idempotency.key(idempotencyKey), InboundSignedRequests.body(rc)));
    }

    @PUT
    @Path("/id/{id}")
    public Uni<Response> reportById(RoutingContext rc, @PathParam("id") String id) {
        App app = ClientAuthFilter.caller(rc);
        ValidReport report = ValidReport.of(bodies.read(rc, ReportRequest.class));
        return reply(rc, app, service.reportById(app, id, report));
    }

    @PUT
    @Path("/number/{endpoint}")
    public Uni<Response> reportByIdentity(RoutingContext rc, @PathParam("endpoint") String endpoint) {
        App app = ClientAuthFilter.caller(rc);
        ValidReport report = ValidReport.of(bodies.read(rc, ReportRequest.class));
        return reply(rc, app, service.reportByIdentity(app, endpoint, report));
    }

    @GET
    @Path("/id/{id}")
    public Uni<Response> statusById(RoutingContext rc, @PathParam("id") String id) {
        App app = ClientAuthFilter.caller(rc);
        return reply(rc, app, service.statusById(app, id));
    }

    @GET
    @Path("/{method}/number/{endpoint}")
    public Uni<Response> statusByIdentity(RoutingContext rc, @PathParam("method") String method,
            @PathParam("endpoint") String endpoint) {
        App app = ClientAuthFilter.caller(rc);
        return reply(rc, app, service.statusByIdentity(app, method, endpoint));
    }

    @GET
    @Path("/reference/{reference}")
    public Uni<Response> statusByReference(RoutingContext rc, @PathParam("reference") String reference) {
        App app = ClientAuthFilter.caller(rc);
        return reply(rc, app, service.statusByReference(app, reference));
    }

    private Uni<Response> reply(RoutingContext rc, App app, Uni<Reply> result) {
        String base = gatewayBase(rc);
        return result.map(reply -> {
            Response.ResponseBuilder ok = Response.ok(Replies.forApp(reply.body(), app, base), MediaType.APPLICATION_JSON);
            reply.headers().forEach(ok::header);
            return ok.build();
        });
    }

    private String gatewayBase(RoutingContext rc) {
        if (config.publicUrl().isPresent()) {
            String url = config.publicUrl().get().toString();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        URI uri = URI.create(rc.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
