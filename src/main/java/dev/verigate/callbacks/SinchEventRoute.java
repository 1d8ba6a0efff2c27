package dev.verigate.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.http.SinchErrorResponses;
import dev.verigate.model.SinchException;
import dev.verigate.signing.AuthFailure;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.Credential;
import dev.verigate.signing.InboundSignedRequests;
import dev.verigate.signing.ReplayGuard;
import dev.verigate.signing.RequestAuthenticator;
import dev.verigate.upstream.UpstreamCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The one callback URL of the Sinch dashboard ({@code verigate.callbacks.path}). Sinch's signature is checked
 * with the upstream credentials (tolerant rules, skew window), each signed event is accepted once
 * ({@link ReplayGuard}) and an event naming an app must be signed with that app's upstream credential, before
 * anything is recorded. Request events are answered with a decision, result events queued for the owning app
 * ({@link ResultEvents}: only for a verification the app has), unknown events acknowledged and counted.
 */
@Singleton
class SinchEventRoute {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_EVENT_BYTES = 64 * 1024;

    private final RequestAuthenticator<Credential> authenticator;
    private final RequestDecisions decisions;
    private final ResultEvents results;
    private final CallbacksConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ReplayGuard replays;
    private final UpstreamCredentials credentials;
    private final EventOwners owners;

    SinchEventRoute(
            UpstreamCredentials credentials,
            EventOwners owners,
            RequestDecisions decisions,
            ResultEvents results,
            CallbacksConfig config,
            Clock clock,
            MeterRegistry meters,
            ReplayGuard replays) {
        this.replays = replays;
        this.credentials = credentials;
        this.owners = owners;
        this.authenticator = new RequestAuthenticator<>(
                new RequestAuthenticator.Principals<>() {
                    public Optional<Credential> byKey(String key) {
                        return credentials.find(key);
                    }

                    public Credential credential(Credential c) {
                        return c;
                    }

                    public boolean allowsBasic(Credential c) {
                        return false; // Sinch signs its callbacks; Basic would put the secret on the wire
                    }
                },
                config.maxClockSkew());
        this.decisions = decisions;
        this.results = results;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
    }

    void install(@Observes Router router) {
        router.post(config.path())
                .order(-100)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_EVENT_BYTES))
                .handler(this::handle)
                .failureHandler(rc -> SinchErrorResponses.endBodyFailure(rc, MAX_EVENT_BYTES));
    }

    private void handle(RoutingContext rc) {
        Instant now = clock.instant();
        AuthResult<Credential> auth = InboundSignedRequests.authenticate(authenticator, rc, now);
        if (!auth.ok()) {
            refuse(rc, auth.failure());
            return;
        }
        ObjectNode event = parse(InboundSignedRequests.body(rc));
        if (event == null) {
            SinchErrorResponses.end(rc, SinchException.badRequest("The event is not a JSON object."));
            return;
        }
        replays.firstSight(auth, now)
                .chain(first -> {
                    if (!first) {
                        return Uni.createFrom().failure(new Replayed());
                    }
                    return dispatch(event, auth.principal())
                            .onFailure(f -> !(f instanceof SinchException s && s.status() < 500))
                            .call(f -> replays.forget(auth)); // not recorded: Sinch may send the same bytes again
                })
                .subscribe()
                .with(
                        answer -> rc.response()
                                .setStatusCode(200)
                                .putHeader("Content-Type", "application/json")
                                .end(answer.toString()),
                        failure -> {
                            if (failure instanceof Replayed) {
                                refuse(rc, AuthFailure.REPLAYED);
                                return;
                            }
                            if (failure instanceof SinchException s && s.status() < 500) {
                                SinchErrorResponses.end(rc, s);
                                return;
                            }
                            Log.warnf("Could not accept a Sinch event: %s", failure.toString());
                            SinchErrorResponses.end(
                                    rc,
                                    failure instanceof SinchException s
                                            ? s
                                            : SinchException.unavailable(
                                                    "The event could not be recorded; please retry."));
                        });
    }

    private void refuse(RoutingContext rc, AuthFailure failure) {
        meters.counter("verigate.callbacks.events", "event", "any", "outcome", "unauthenticated")
                .increment();
        SinchErrorResponses.end(rc, new SinchException(401, failure.errorCode(), failure.message()));
    }

    /** The same signed event was accepted before. */
    private static final class Replayed extends RuntimeException {
        Replayed() {
            super("replayed", null, false, false);
        }
    }

    /**
     * An event about an app's verification must be signed with the credential that app's verifications go through
     * (its own Sinch app's, else the gateway's): whoever holds one app's Sinch secret cannot speak for another.
     */
    private Uni<JsonNode> dispatch(ObjectNode event, Credential signer) {
        Optional<App> owner = owners.owner(event);
        if (owner.isPresent() && !credentials.forApp(owner.get()).equals(signer)) {
            meters.counter(
                            "verigate.callbacks.events",
                            "event",
                            event.path("event").asText("unknown"),
                            "outcome",
                            "wrong-signer")
                    .increment();
            return Uni.createFrom()
                    .failure(
                            new SinchException(
                                    403,
                                    40300,
                                    "The event is not signed with the Sinch credentials of the application its reference names."));
        }
        return switch (event.path("event").asText("")) {
            case "VerificationRequestEvent" -> decisions.decide(event).map(d -> d);
            case "VerificationResultEvent", "VerificationSmsDeliveredEvent" ->
                results.accept(event).replaceWith(JSON.createObjectNode());
            default -> {
                meters.counter("verigate.callbacks.events", "event", "unknown", "outcome", "acknowledged")
                        .increment();
                yield Uni.createFrom().item(JSON.createObjectNode());
            }
        };
    }

    private static ObjectNode parse(byte[] body) {
        try {
            return JSON.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }
}
