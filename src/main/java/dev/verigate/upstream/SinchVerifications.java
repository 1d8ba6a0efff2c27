package dev.verigate.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.VerificationMethod;
import dev.verigate.signing.Credential;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The gateway's one way to Sinch. Every answer is classified before anyone sees it: a 2xx JSON object,
 * {@link UpstreamRejected} (Sinch's own error, relayed unchanged) or {@link UpstreamUnavailable}.
 */
@Singleton
public class SinchVerifications {

    private final SinchApi api;
    private final ObjectMapper json;

    SinchVerifications(@RestClient SinchApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    public Uni<ObjectNode> start(Credential as, StartRequest request, String acceptLanguage) {
        byte[] body = bytes(request);
        return call(() -> api.start(as.key(), acceptLanguage, body));
    }

    public Uni<ObjectNode> reportById(Credential as, String id, ReportRequest request) {
        byte[] body = bytes(request);
        return call(() -> api.reportById(as.key(), id, body));
    }

    public Uni<ObjectNode> reportByIdentity(Credential as, String e164, ReportRequest request) {
        byte[] body = bytes(request);
        return call(() -> api.reportByIdentity(as.key(), e164, body));
    }

    public Uni<ObjectNode> statusById(Credential as, String id) {
        return call(() -> api.statusById(as.key(), id));
    }

    public Uni<ObjectNode> statusByIdentity(Credential as, VerificationMethod method, String e164) {
        return call(() -> api.statusByIdentity(as.key(), method.wire(), e164));
    }

    public Uni<ObjectNode> statusByReference(Credential as, String reference) {
        return call(() -> api.statusByReference(as.key(), reference));
    }

    private Uni<ObjectNode> call(Supplier<Uni<RestResponse<byte[]>>> request) {
        return Uni.createFrom().deferred(request::get)
                .onFailure(f -> !(f instanceof SinchException)).transform(SinchVerifications::unavailable)
                .map(this::classify);
    }

    private ObjectNode classify(RestResponse<byte[]> response) {
        int status = response.getStatus();
        JsonNode body = parse(entityBytes(response.getEntity()));
        if (status >= 200 && status < 300) {
            if (body instanceof ObjectNode object) {
                return object;
            }
            throw new UpstreamUnavailable("Sinch answered " + status + " without a JSON object.", true);
        }
        Map<String, String> headers = new HashMap<>();
        String retryAfter = response.getHeaderString("Retry-After");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        if (body != null && body.path("errorCode").canConvertToInt()) {
            throw new UpstreamRejected(status, body.path("errorCode").asInt(), body.path("message").asText(""),
                    headers, body.path("reference").isTextual() ? body.path("reference").asText() : null);
        }
        if (status >= 500) {
            throw new UpstreamUnavailable("Sinch answered HTTP " + status + ".", true);
        }
        throw new UpstreamRejected(status, status * 100, "Sinch answered HTTP " + status + ".", headers, null);
    }

    /** Success bodies arrive as bytes; error bodies as the buffered stream the client did not map. */
    private static byte[] entityBytes(Object entity) {
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof java.io.InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private JsonNode parse(byte[] entity) {
        if (entity == null || entity.length == 0) {
            return null;
        }
        try {
            return json.readTree(entity);
        } catch (IOException e) {
            return null;
        }
    }

    private static Throwable unavailable(Throwable failure) {
        boolean refused = causedBy(failure, ConnectException.class);
        Log.warnf("Sinch call failed: %s", failure.toString());
        return new UpstreamUnavailable(refused ? "Sinch is unreachable, please try again later."
                : "Sinch did not answer, please try again later.", !refused);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private byte[] bytes(Object request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + request.getClass().getSimpleName(), e);
        }
    }
}
