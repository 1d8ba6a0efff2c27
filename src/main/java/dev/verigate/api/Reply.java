package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Sinch answer for the app, with the headers the gateway adds (RateLimit). */
record Reply(ObjectNode body, Map<String, String> headers) {

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(body, more);
    }
}
