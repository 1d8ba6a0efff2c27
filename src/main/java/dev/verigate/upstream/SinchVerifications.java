package dev.verigate.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.StartRequest;
import dev.verigate.signing.Credential;
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

    SinchVerifications(@RestClient SinchApi api, ObjectMapper json, UpstreamConfig config) {
        this.api = api;
        this.json = json;
        this.answers = new UpstreamAnswers(json);
        this.guards = new UpstreamGuards(config);
    }

    public Uni<ObjectNode> start(Credential as, StartRequest request, String acceptLanguage) {
        byte[] body = bytes(request);
        return call(UpstreamGuards.Operation.START, () -> api.start(as.key(), acceptLanguage, body));
    }

    public Uni<ObjectNode> reportById(Credential as, String id, ReportRequest request) {
        byte[] body = bytes(request);
        return call(UpstreamGuards.Operation.REPORT, () -> api.reportById(as.key(), id, body));
    }

    public Uni<ObjectNode> statusById(Credential as, String id) {
        return call(UpstreamGuards.Operation.STATUS, () -> api.statusById(as.key(), id));
    }

    public Uni<ObjectNode> statusByReference(Credential as, String reference) {
        return call(UpstreamGuards.Operation.STATUS, () -> api.statusByReference(as.key(), reference));
    }

    private Uni<ObjectNode> call(UpstreamGuards.Operation op, Supplier<Uni<RestResponse<byte[]>>> request) {
        return guards.run(op, () -> Uni.createFrom().deferred(request::get)
                .onFailure().transform(UpstreamAnswers::transportFailure)
                .map(answers::classify));
    }

    private byte[] bytes(Object request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + request.getClass().getSimpleName(), e);
        }
    }
}
