package dev.verigate.sandbox;

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
 * Reads a request's JSON body from the bytes the auth route already buffered (the same bytes the
 * signature covered). Wrong Content-Type, no body, malformed JSON and wrongly typed fields are all
 * 400/40001, as on Sinch.
 */
@Singleton
class JsonBodies {

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> T read(RoutingContext rc, Class<T> type) {
        requireJson(rc.request().getHeader("Content-Type"));
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
        } catch (IOException e) {
            throw SinchException.badRequest("Request body is not valid JSON.");
        }
        if (value == null) {
            throw SinchException.badRequest("Request body must be a JSON object.");
        }
        return value;
    }

    private static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw SinchException.badRequest("Content-Type must be application/json.");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
