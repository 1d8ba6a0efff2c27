package dev.verigate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.verigate.model.SinchException;
import dev.verigate.signing.InboundSignedRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads Sinch request bodies from the raw bytes the auth route kept (the bytes the signature
 * covered): JSON only, one object, nothing after it. Every failure is a 400/40001 that says what is
 * wrong — syntax, shape, or which field has the wrong type. A typed read takes the fields its type names and
 * leaves the others; {@link #object} keeps them all.
 */
@Singleton
public class JsonBodies {

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // "" (or a string Jackson trims to "") is not an absent number or option object: a wrong type.
        this.mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // true/false is not a code, a CLI or a method name.
        this.mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    public <T> T read(RoutingContext rc, Class<T> type) {
        return fields(object(rc), type);
    }

    /** Reads a body that came with this Content-Type. */
    public <T> T read(String contentType, byte[] body, Class<T> type) {
        return fields(object(contentType, body), type);
    }

    /** The whole body, every field kept. */
    public ObjectNode object(RoutingContext rc) {
        return object(rc.request().getHeader("Content-Type"), InboundSignedRequests.body(rc));
    }

    /** The whole body that came with this Content-Type, every field kept. */
    public ObjectNode object(String contentType, byte[] body) {
        if (contentType == null || !isJson(contentType)) {
            throw SinchException.badRequest("Content-Type must be application/json.");
        }
        if (body.length == 0) {
            throw SinchException.badRequest("Request body is missing.");
        }
        if (!isUtf8(body)) {
            throw SinchException.badRequest("Request body is not valid JSON: it is not valid UTF-8.");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw SinchException.badRequest("Request body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw SinchException.badRequest("Request body is not valid JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw SinchException.badRequest("Request body must be a JSON object.");
        }
        return (ObjectNode) tree;
    }

    /** The fields {@code type} names, read from a body; one of the wrong type is a 400 naming it. */
    public <T> T fields(ObjectNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw SinchException.badRequest("Field '" + path(e) + "' has the wrong type.");
        } catch (JsonProcessingException e) {
            throw SinchException.badRequest("Request body does not match the expected fields.");
        }
    }

    /**
     * Strict UTF-8 (RFC 3629): Jackson's byte parser lets overlong forms, encoded surrogates and code
     * points above U+10FFFF through inside strings, and they would travel on to Sinch.
     */
    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Jackson's reason without its source excerpt, and where it happened. */
    private static String describe(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        int cut = reason.indexOf(" (");
        reason = (cut > 0 ? reason.substring(0, cut) : reason).replaceAll("\\s+", " ");
        if (reason.length() > 100) {
            reason = reason.substring(0, 100) + "…";
        }
        var at = e.getLocation();
        return at == null ? reason : reason + " at line " + at.getLineNr() + ", column " + at.getColumnNr() + ".";
    }
}
