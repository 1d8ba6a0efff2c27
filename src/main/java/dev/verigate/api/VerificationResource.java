package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.apps.ClientAuthFilter;
import dev.verigate.http.JsonBodies;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.ReportResponse;
import dev.verigate.model.SinchError;
import dev.verigate.model.StartRequest;
import dev.verigate.model.StartResponse;
import dev.verigate.model.StatusResponse;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sinch's six Verification endpoints, same paths and bodies. Callers are authenticated by
 * {@link ClientAuthFilter}, which also kept the raw body (signatures cover its exact bytes).
 */
@Path("/verification/v1/verifications")
@Tag(name = "Verifications", description = "Start, report and look up verifications (Sinch Verification API v1)")
@APIResponse(
        responseCode = "400",
        description = "Invalid input (40001)",
        content = @Content(schema = @Schema(implementation = SinchError.class)))
@APIResponse(
        responseCode = "401",
        description = "Authentication failed (40100-40107), or a replayed signed request (40190)",
        content = @Content(schema = @Schema(implementation = SinchError.class)))
@APIResponse(
        responseCode = "404",
        description = "Unknown verification, or another app's (40400)",
        content = @Content(schema = @Schema(implementation = SinchError.class)))
@APIResponse(
        responseCode = "429",
        description = "Rate limited (42900 capacity, 42901 same number too quickly), with Retry-After",
        content = @Content(schema = @Schema(implementation = SinchError.class)))
@APIResponse(
        responseCode = "503",
        description =
                "Sinch or the limits store unavailable (50300), with Retry-After; Sinch refused the gateway's own credentials (50390)",
        content = @Content(schema = @Schema(implementation = SinchError.class)))
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
    @Operation(summary = "Start a verification (sms, flashcall, callout, seamless, whatsapp)")
    @RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StartRequest.class)))
    @APIResponse(
            responseCode = "200",
            description = "Started",
            content = @Content(schema = @Schema(implementation = StartResponse.class)))
    @APIResponse(
            responseCode = "403",
            description = "Method not allowed for the app, or destination blocked (40300)",
            content = @Content(schema = @Schema(implementation = SinchError.class)))
    @APIResponse(
            responseCode = "409",
            description = "Reference already defined (Sinch, 40900), or Idempotency-Key in flight (40990)",
            content = @Content(schema = @Schema(implementation = SinchError.class)))
    @APIResponse(
            responseCode = "422",
            description = "Idempotency-Key reused with another body (42290)",
            content = @Content(schema = @Schema(implementation = SinchError.class)))
    public Uni<Response> start(
            RoutingContext rc,
            @HeaderParam("Accept-Language") String acceptLanguage,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        App app = ClientAuthFilter.caller(rc);
        ObjectNode body = bodies.object(rc);
        ValidStart start = ValidStart.of(bodies.fields(body, StartRequest.class), body, app);
        ClientAuthFilter.method(rc, start.method().wire());
        return reply(
                rc,
                app,
                service.start(
                        app,
                        start,
                        AcceptLanguage.sanitize(acceptLanguage),
                        Idempotency.key(idempotencyKey),
                        InboundSignedRequests.body(rc)));
    }

    @PUT
    @Path("/id/{id}")
    @Operation(summary = "Report a code (or flash call CLI) by verification id")
    @RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportRequest.class)))
    @APIResponse(
            responseCode = "200",
            description = "The verification's status after the report",
            content = @Content(schema = @Schema(implementation = ReportResponse.class)))
    public Uni<Response> reportById(RoutingContext rc, @PathParam("id") String id) {
        return report(rc, (app, report) -> service.reportById(app, id, report));
    }

    @PUT
    @Path("/number/{endpoint}")
    @Operation(summary = "Report a code for the app's latest verification of that number")
    @RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportRequest.class)))
    @APIResponse(
            responseCode = "200",
            description = "The verification's status after the report",
            content = @Content(schema = @Schema(implementation = ReportResponse.class)))
    public Uni<Response> reportByIdentity(RoutingContext rc, @PathParam("endpoint") String endpoint) {
        return report(rc, (app, report) -> service.reportByIdentity(app, endpoint, report));
    }

    @GET
    @Path("/id/{id}")
    @Operation(summary = "Status by verification id")
    @APIResponse(
            responseCode = "200",
            description = "Status",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    public Uni<Response> statusById(RoutingContext rc, @PathParam("id") String id) {
        App app = ClientAuthFilter.caller(rc);
        return reply(rc, app, service.statusById(app, id));
    }

    @GET
    @Path("/{method}/number/{endpoint}")
    @Operation(summary = "Status of the app's latest verification of that method and number")
    @APIResponse(
            responseCode = "200",
            description = "Status",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    public Uni<Response> statusByIdentity(
            RoutingContext rc, @PathParam("method") String method, @PathParam("endpoint") String endpoint) {
        App app = ClientAuthFilter.caller(rc);
        dev.verigate.model.VerificationMethod.parse(method).ifPresent(m -> ClientAuthFilter.method(rc, m.wire()));
        return reply(rc, app, service.statusByIdentity(app, method, endpoint));
    }

    @GET
    @Path("/reference/{reference}")
    @Operation(summary = "Status by the app's reference")
    @APIResponse(
            responseCode = "200",
            description = "Status",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    public Uni<Response> statusByReference(RoutingContext rc, @PathParam("reference") String reference) {
        App app = ClientAuthFilter.caller(rc);
        return reply(rc, app, service.statusByReference(app, reference));
    }

    /** Either report: the caller, a valid body and its method (for the metrics) before the verification is looked up. */
    private Uni<Response> report(RoutingContext rc, BiFunction<App, ValidReport, Uni<Reply>> lookup) {
        App app = ClientAuthFilter.caller(rc);
        ObjectNode body = bodies.object(rc);
        ValidReport report = ValidReport.of(bodies.fields(body, ReportRequest.class), body);
        ClientAuthFilter.method(rc, report.method().wire());
        return reply(rc, app, lookup.apply(app, report));
    }

    private Uni<Response> reply(RoutingContext rc, App app, Uni<Reply> result) {
        String base = gatewayBase();
        return detached(result).map(reply -> {
            Response.ResponseBuilder ok =
                    Response.ok(Replies.forApp(reply.body(), app, base), MediaType.APPLICATION_JSON);
            reply.headers().forEach(ok::header);
            return ok.build();
        });
    }

    /**
     * Runs the work to its end even if the app disconnects: a start may already be on its way to Sinch,
     * and its ownership and idempotency records must still be written; a cancelled in-flight upstream call
     * would also leave its connection to Sinch hanging until the read timeout. The app just gets no answer.
     */
    private static Uni<Reply> detached(Uni<Reply> work) {
        CompletableFuture<Reply> running = work.subscribeAsCompletionStage();
        return Uni.createFrom().completionStage(running.thenApply(Function.identity()));
    }

    private String gatewayBase() {
        String url = config.publicUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
