package dev.verigate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.verigate.model.SinchException;
import dev.verigate.signing.InboundSignedRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads request bodies from the raw bytes the auth filter kept: JSON only, one object, nothing after
 * it. Every failure is a 400/40001 that says what is wrong; unknown fields are ignored.
 */
@Singleton
class JsonBodies {

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    <T> T read(RoutingContext rc, Class<T> type) {
        String contentType = rc.request().getHeader("Content-Type");
        if (contentType == null || !isJson(contentType)) {
            throw SinchException.badRequest("Content-Type must be application/json.");
        }
        byte[] body = InboundSignedRequests.body(rc);
        if (body.length == 0) {
            throw SinchException.badRequest("Request body is missing.");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (MismatchedInputException e) {
            throw SinchException.badRequest(e.getPath().isEmpty() ? "Request body must be a JSON object."
                    : "Field '" + path(e) + "' has the wrong type.");
        } catch (JsonProcessingException e) {
            throw SinchException.badRequest("Malformed JSON: " + shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            throw SinchException.badRequest("Malformed JSON.");
        }
        if (value == null) {
            throw SinchException.badRequest("Request body must be a JSON object.");
        }
        return value;
    }

    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String shorten(String message) {
        String oneLine = message == null ? "" : message.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
