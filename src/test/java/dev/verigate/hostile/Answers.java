package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import java.net.URI;
import java.util.Set;

/** What every answer to a hostile input must be: a Sinch error the app can read, never a 5xx. */
final class Answers {

    /** The statuses the gateway answers bad input with, by design (docs/architecture.md, "The API", errors table). */
    static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 422, 429);

    private Answers() {}

    /** The test gateway's port, for {@link RawHttp#send}. */
    static int port() {
        return URI.create(Gateway.baseUrl()).getPort();
    }

    /** Sends the request; the answer must be a Sinch refusal and Sinch must not have been called. */
    /**
     * Refused, and nothing but a status lookup reached Sinch: a well-formed id or number without an ownership record
     * is looked up by design (ownership recovery, from the app's status quota); no start or report ever is.
     */
    static RawHttp.Answer refusedWithoutSinch(SandboxTraffic traffic, RawHttp.Request request) {
        long before = traffic.requests() - traffic.lookups();
        RawHttp.Answer answer = RawHttp.send(port(), request);
        refused(answer);
        assertEquals(before, traffic.requests() - traffic.lookups(), () -> "reached Sinch: " + answer);
        return answer;
    }

    /** A refusal in Sinch's format: {@code {"errorCode":int,"message":string,"reference":string}}. */
    static JsonNode refused(RawHttp.Answer a) {
        assertTrue(REFUSALS.contains(a.status()), () -> "status " + a.status() + " is not a refusal: " + a);
        return sinchError(a);
    }

    /** Refused with exactly this status and Sinch code. */
    static void refused(RawHttp.Answer a, int status, int errorCode) {
        assertEquals(status, a.status(), a::toString);
        assertEquals(errorCode, refused(a).get("errorCode").asInt(), a::toString);
    }

    static JsonNode sinchError(RawHttp.Answer a) {
        assertTrue(a.status() < 500, () -> "a 5xx: " + a);
        String type = a.headers().getOrDefault("content-type", "");
        assertTrue(type.startsWith("application/json"), () -> "not JSON (Content-Type " + type + "): " + a);
        JsonNode body = a.json();
        assertTrue(body != null && body.isObject(), () -> "not a JSON object: " + a);
        assertTrue(body.path("errorCode").isInt(), () -> "errorCode is not an integer: " + a);
        assertEquals(
                a.status(), body.get("errorCode").asInt() / 100, () -> "errorCode does not match the status: " + a);
        assertTrue(
                body.path("message").isTextual()
                        && !body.get("message").asText().isBlank(),
                () -> "no message: " + a);
        assertTrue(body.path("reference").isTextual(), () -> "no reference: " + a);
        return body;
    }
}
