package dev.verigate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.http.JsonBodies;
import dev.verigate.model.E164;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.ReportResponse;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.StartResponse;
import dev.verigate.model.StatusResponse;
import dev.verigate.model.VerificationMethod;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Optional;

/**
 * The six Sinch Verification operations under {@code /sandbox} (reference §3). Only reached through
 * {@link SandboxRoutes}, so every call here is enabled and authenticated; bodies are read from the bytes
 * the signature covered. All state is in memory and events go out through a non-blocking client, so
 * everything runs on the event loop. With {@code verigate.sandbox.callbacks-enabled} a start first asks
 * its VerificationRequestEvent, and status changes send VerificationResultEvents (see {@link Starter}).
 *
 * <p>Magic numbers, by the last four digits of the number started:
 * <table>
 * <caption>Failure injection</caption>
 * <tr><th>suffix</th><th>start answers</th><th>verification</th></tr>
 * <tr><td>0403</td><td>200</td><td>DENIED / Blocked, nothing delivered, no request event asked</td></tr>
 * <tr><td>0410</td><td>200</td><td>ERROR / Network error or number unreachable, nothing delivered (an sms
 * sends a {@code Failed} delivery event)</td></tr>
 * <tr><td>0429</td><td>429/42900 Request capacity exceeded.</td><td>not created</td></tr>
 * <tr><td>0503</td><td>503/50300</td><td>not created</td></tr>
 * <tr><td>0504</td><td>200 after {@code verigate.sandbox.slow-delay}</td><td>created and delivered</td></tr>
 * <tr><td>0500</td><td>500/50000</td><td>created and delivered (an ambiguous failure)</td></tr>
 * </table>
 */
@Path("/sandbox/verification/v1/verifications")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
class VerificationsResource {

    private final ReceivedRequests received;
    private final JsonBodies bodies;
    private final Starter starter;
    private final CallbackTarget callbackTarget;
    private final Reporter reporter;
    private final VerificationStore store;
    private final SandboxConfig config;
    private final Clock clock;

    VerificationsResource(
            JsonBodies bodies,
            Starter starter,
            CallbackTarget callbackTarget,
            Reporter reporter,
            VerificationStore store,
            SandboxConfig config,
            ReceivedRequests received,
            Clock clock) {
        this.received = received;
        this.bodies = bodies;
        this.starter = starter;
        this.callbackTarget = callbackTarget;
        this.reporter = reporter;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Answers once the request event (when callbacks are on) was answered; a denied start still answers 200. */
    @POST
    public Uni<StartResponse> start(RoutingContext rc, @HeaderParam("Accept-Language") String acceptLanguage) {
        ObjectNode body = bodies.object(rc);
        received.start(body);
        StartOrder order = StartValidation.validate(bodies.fields(body, StartRequest.class), acceptLanguage);
        String sandboxBase = SandboxBase.of(rc);
        return starter.start(order, callbackTarget.of(rc))
                .flatMap(started -> answer(
                        MagicNumber.of(order.number().number()),
                        Answers.started(started.verification(), started.order(), sandboxBase)));
    }

    /** A slow or failing magic number answers late or with 500, though the verification was created. */
    private Uni<StartResponse> answer(Optional<MagicNumber> magic, StartResponse started) {
        Uni<StartResponse> answer = Uni.createFrom().item(started);
        if (magic.filter(MagicNumber.SLOW::equals).isPresent()) {
            return answer.onItem().delayIt().by(config.slowDelay());
        }
        if (magic.filter(MagicNumber.INTERNAL_ERROR::equals).isPresent()) {
            return Uni.createFrom().failure(new SinchException(500, 50000, "Internal server error."));
        }
        return answer;
    }

    @PUT
    @Path("/id/{id}")
    public ReportResponse reportById(RoutingContext rc, @PathParam("id") String id) {
        ObjectNode body = bodies.object(rc);
        store.byId(id, clock.instant())
                .ifPresent(v -> received.report(v.number(), "/verification/v1/verifications/id/" + id, body));
        return Answers.reported(reporter.byId(id, bodies.fields(body, ReportRequest.class)));
    }

    @PUT
    @Path("/number/{endpoint}")
    public ReportResponse reportByIdentity(RoutingContext rc, @PathParam("endpoint") String endpoint) {
        ObjectNode body = bodies.object(rc);
        received.report(endpoint, "/verification/v1/verifications/number/" + endpoint, body);
        return Answers.reported(reporter.byIdentity(endpoint, bodies.fields(body, ReportRequest.class)));
    }

    @GET
    @Path("/id/{id}")
    public StatusResponse statusById(@PathParam("id") String id) {
        return Answers.status(store.byId(id, clock.instant()).orElseThrow(SinchException::notFound));
    }

    @GET
    @Path("/{method}/number/{endpoint}")
    public StatusResponse statusByIdentity(@PathParam("method") String method, @PathParam("endpoint") String endpoint) {
        VerificationMethod m = VerificationMethod.ofLookup(method);
        E164 number = E164.parse(endpoint);
        return Answers.status(store.latest(number.number(), m, clock.instant()).orElseThrow(SinchException::notFound));
    }

    @GET
    @Path("/reference/{reference}")
    public StatusResponse statusByReference(@PathParam("reference") String reference) {
        return Answers.status(store.byReference(reference, clock.instant()).orElseThrow(SinchException::notFound));
    }
}
