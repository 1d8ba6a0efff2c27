package dev.verigate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.ownership.References;

/**
 * Makes a Sinch answer look as if the app had called Sinch itself: its own reference (not the
 * namespaced one) and {@code _links} pointing at the gateway rather than at Sinch.
 */
final class Replies {

    private static final String API_PATH = "/verification/v1/";

    private Replies() {}

    static ObjectNode forApp(ObjectNode reply, App app, String gatewayBase) {
        JsonNode reference = reply.get("reference");
        if (reference != null && reference.isTextual()) {
            References.forApp(app.id(), reference.asText())
                    .ifPresentOrElse(own -> reply.put("reference", own), () -> reply.remove("reference"));
        }
        JsonNode links = reply.get("_links");
        if (links != null && links.isArray()) {
            for (JsonNode link : links) {
                if (link instanceof ObjectNode l && l.path("href").isTextual()) {
                    String href = l.get("href").asText();
                    int at = href.indexOf(API_PATH);
                    if (at >= 0) {
                        l.put("href", gatewayBase + href.substring(at));
                    }
                }
            }
        }
        return reply;
    }
}
