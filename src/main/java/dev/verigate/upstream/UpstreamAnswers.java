package dev.verigate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.SinchException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Classifies what came back from Sinch before fault tolerance sees it: a JSON object (2xx),
 * {@link UpstreamCredentialsRefused} (401: the gateway's credentials, not the app's), {@link UpstreamRejected}
 * (other 4xx) or {@link UpstreamUnavailable} (5xx, transport failures).
 */
final class UpstreamAnswers {

    private final ObjectMapper json;

    UpstreamAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** @param applicationKey the key the call was signed with, named when Sinch refuses it */
    ObjectNode classify(RestResponse<byte[]> response, String applicationKey) {
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
        boolean sinchBody = body != null && body.path("errorCode").canConvertToInt();
        int errorCode = sinchBody ? body.path("errorCode").asInt() : status * 100;
        String message = sinchBody ? body.path("message").asText("") : "Sinch answered HTTP " + status + ".";
        String reference = sinchBody && body.path("reference").isTextual()
                ? body.path("reference").asText()
                : null;
        if (status == 401) {
            throw new UpstreamCredentialsRefused(applicationKey, errorCode, message);
        }
        if (status >= 500) {
            // A 503 is Sinch saying it did not take the request; any other 5xx may have happened after it did.
            throw new UpstreamUnavailable(status, errorCode, message, headers, reference, status != 503);
        }
        throw new UpstreamRejected(status, errorCode, message, headers, reference);
    }

    /** A failure before any answer: only a refused connection certainly never reached Sinch. */
    static Throwable transportFailure(Throwable failure) {
        if (failure instanceof SinchException) {
            return failure;
        }
        boolean refused = causedBy(failure, ConnectException.class);
        Log.warnf("Sinch call failed: %s", failure.toString());
        return new UpstreamUnavailable(
                refused
                        ? "Sinch is unreachable, please try again later."
                        : "Sinch did not answer, please try again later.",
                !refused);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Success bodies arrive as bytes; error bodies as the buffered stream the client did not map. */
    private static byte[] entityBytes(Object entity) {
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof InputStream in) {
            try (in) {
                return UpstreamBodyReader.read(in);
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
}
