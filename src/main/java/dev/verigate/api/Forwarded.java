package dev.verigate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.SinchException;
import java.util.Iterator;
import java.util.Map;

/**
 * What Verigate sends Sinch of an app's body: the JSON as the app sent it, with the fields Verigate interprets
 * replaced by their checked, canonical form (the number in E.164, the method in lower case, a code type in Sinch's
 * spelling). Everything else travels on unchanged: fields Sinch added after Verigate was written, legacy ones
 * ({@code flashCallOptions.cli}, {@code smsOptions.template}, {@code metadata}), the option objects of other
 * methods. It is bounded by the body size ({@code verigate.auth.max-body-size}) and by {@value #MAX_DEPTH} levels
 * of nesting; a body nested deeper is refused with 400/40001 naming the field.
 */
final class Forwarded {

    /** Levels of objects and arrays a body may nest, the body itself being level 1. */
    static final int MAX_DEPTH = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Forwarded() {}

    /**
     * The app's body with {@code canonical}'s fields laid over it.
     *
     * @param canonical the fields Verigate interprets, as it checked them (a record; nulls are left out)
     */
    static ObjectNode of(ObjectNode given, Object canonical) {
        checkDepth(given, "", 1);
        ObjectNode forwarded = given.deepCopy();
        overlay(forwarded, JSON.valueToTree(canonical));
        return forwarded;
    }

    private static void overlay(ObjectNode target, JsonNode canonical) {
        for (Iterator<Map.Entry<String, JsonNode>> it = canonical.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode present = target.get(field.getKey());
            if (field.getValue().isObject() && present != null && present.isObject()) {
                overlay((ObjectNode) present, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void checkDepth(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw SinchException.badRequest("Field '" + path + "' is nested deeper than " + MAX_DEPTH
                    + " levels; Verigate forwards " + "fields it does not know only up to that depth.");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isContainerNode()) {
                    checkDepth(
                            field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), depth + 1);
                }
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isContainerNode()) {
                    checkDepth(node.get(i), path + "[" + i + "]", depth + 1);
                }
            }
        }
    }
}
