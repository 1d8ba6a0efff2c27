package dev.verigate.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.signing.Credential;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The gateway's one way to Sinch. Every answer is classified before fault tolerance sees it: a 2xx JSON
 * object, {@link UpstreamRejected} (Sinch's own 4xx, relayed unchanged) or {@link UpstreamUnavailable};
 * then each operation runs under its {@link UpstreamGuards} policy.
 */
@Singleton
public class SinchVerifications {

    private final SinchApi api;
    private final ObjectMapper json;
    private final UpstreamAnswers answers;
    private final UpstreamGuards guards;

    SinchVerifications(
            @RestClient SinchApi api, ObjectMapper json, UpstreamConfig config, CircuitBreakerMaintenance breakers) {
        this.api = api;
        this.json = json;
        this.answers = new UpstreamAnswers(json);
        this.guards = new UpstreamGuards(config, breakers);
    }

    /**
     * Fails at once with the breaker's 503/50300 while the operation's circuit breaker is open, so a
     * request that Sinch would not get anyway costs no limit check, no store round trip.
     */
    public Uni<Void> available(SinchOperation op) {
        return guards.paused(op).<Uni<Void>>map(Uni.createFrom()::failure).orElseGet(Uni.createFrom()::voidItem);
    }

    /** Sends a start body as it is (the API checked it and set its reference). */
    public Uni<ObjectNode> start(Credential as, ObjectNode request, String acceptLanguage) {
        byte[] body = bytes(request);
        return call(SinchOperation.START, as, () -> api.start(as.key(), acceptLanguage, body));
    }

    public Uni<ObjectNode> reportById(Credential as, String id, ObjectNode request) {
        byte[] body = bytes(request);
        return call(SinchOperation.REPORT, as, () -> api.reportById(as.key(), id, body));
    }

    public Uni<ObjectNode> statusById(Credential as, String id) {
        return call(SinchOperation.STATUS, as, () -> api.statusById(as.key(), id));
    }

    /** Sinch's latest verification of this method for this number (whoever started it). */
    public Uni<ObjectNode> statusByIdentity(Credential as, String method, String e164) {
        return call(SinchOperation.STATUS, as, () -> api.statusByIdentity(as.key(), method, e164));
    }

    public Uni<ObjectNode> statusByReference(Credential as, String reference) {
        return call(SinchOperation.STATUS, as, () -> api.statusByReference(as.key(), reference));
    }

    private Uni<ObjectNode> call(SinchOperation op, Credential as, Supplier<Uni<RestResponse<byte[]>>> request) {
        return guards.run(
                op,
                () -> Uni.createFrom()
                        .deferred(request::get)
                        .onFailure()
                        .transform(UpstreamAnswers::transportFailure)
                        .map(response -> answers.classify(response, as.key())));
    }

    private byte[] bytes(Object request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + request.getClass().getSimpleName(), e);
        }
    }
}
