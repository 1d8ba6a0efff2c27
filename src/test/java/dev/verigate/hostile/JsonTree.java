package dev.verigate.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/** A valid Sinch request body in which one field (by dotted path) can be replaced by raw JSON text. */
final class JsonTree {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;

    private JsonTree(ObjectNode root) {
        this.root = root;
    }

    /** A valid start of this method to this number, with a reference and custom data. */
    static JsonTree start(String method, String number) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("identity").put("type", "number").put("endpoint", number);
        root.put("method", method);
        root.put("custom", "hostile");
        return new JsonTree(root);
    }

    /** A valid report of this method. */
    static JsonTree report(String method) {
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method);
        String field = method.equals("flashcall") ? "flashCall" : method;
        root.putObject(field)
                .put(method.equals("flashcall") ? "cli" : "code", method.equals("flashcall") ? "+46701234567" : "1234");
        return new JsonTree(root);
    }

    /** Replaces (or adds) the field at the dotted path with this raw JSON text, creating objects on the way. */
    JsonTree set(String path, String rawJson) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]) instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        node.putRawValue(parts[parts.length - 1], new RawValue(rawJson));
        return this;
    }

    String toJson() {
        return root.toString();
    }
}
