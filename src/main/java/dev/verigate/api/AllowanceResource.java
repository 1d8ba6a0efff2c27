package dev.verigate.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.apps.ClientAuthFilter;
import dev.verigate.limits.Allowance;
import dev.verigate.limits.Limiter;
import dev.verigate.model.E164;
import dev.verigate.model.SinchError;
import dev.verigate.model.VerificationMethod;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /verigate/v1/allowance/{number}}: when the calling app may start its next verification to a number,
 * per method it may use, and which rule holds it until then, so an app can show "resend in 27 s" instead of
 * guessing. Authenticated as the Sinch endpoints are; a look changes nothing but the app's status quota.
 */
@Path("/verigate/v1/allowance")
@Tag(name = "Allowance", description = "When a number may get its next code (Verigate's own endpoint)")
public class AllowanceResource {

    private final Limiter limiter;

    AllowanceResource(Limiter limiter) {
        this.limiter = limiter;
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "When the calling app may start its next verification to this number, per method")
    @APIResponse(
            responseCode = "200",
            description = "{\"number\":\"+46…\",\"methods\":{\"sms\":{\"allowedNow\":false,\"waitSeconds\":27,"
                    + "\"reason\":\"cooldown\"},…}}; waitSeconds is null when the destination is blocked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(
            responseCode = "400",
            description = "Not an E.164 number (40001)",
            content = @Content(schema = @Schema(implementation = SinchError.class)))
    @APIResponse(
            responseCode = "429",
            description = "The app's status quota is spent (42900), with Retry-After",
            content = @Content(schema = @Schema(implementation = SinchError.class)))
    public Uni<Response> allowance(RoutingContext rc, @PathParam("number") String number) {
        App app = ClientAuthFilter.caller(rc);
        E164 e164 = E164.parse(number);
        return limiter.status(app)
                .flatMap(permit -> limiter.allowance(app, e164).map(byMethod -> {
                    Response.ResponseBuilder ok = Response.ok(body(e164, byMethod), MediaType.APPLICATION_JSON);
                    permit.headers().forEach(ok::header);
                    return ok.build();
                }));
    }

    private static ObjectNode body(E164 number, Map<VerificationMethod, Allowance> byMethod) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("number", number.number());
        ObjectNode methods = body.putObject("methods");
        byMethod.forEach((m, allowance) -> {
            ObjectNode one = methods.putObject(m.wire()).put("allowedNow", allowance.allowedNow());
            if (allowance.never()) {
                one.putNull("waitSeconds");
            } else {
                one.put("waitSeconds", allowance.waitSeconds());
            }
            if (!allowance.allowedNow()) {
                one.put("reason", allowance.reason());
            }
        });
        return body;
    }
}
