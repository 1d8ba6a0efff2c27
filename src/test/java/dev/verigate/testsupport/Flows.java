package dev.verigate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient.Reply;
import java.util.Map;

/** Steps of a verification as an app does them, for tests that are about something else. */
public final class Flows {

    private Flows() {}

    public static JsonNode ok(Reply r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** Starts an sms verification and answers its id. */
    public static String startSms(SinchTestClient app, String number) {
        return ok(app.post(Gateway.VERIFICATIONS, Gateway.startBody("sms", number)))
                .get("id")
                .asText();
    }

    /** What the sandbox delivered for this verification: the code, or the CLI of a flash call. */
    public static String delivered(String number, String id) {
        JsonNode inbox = ok(SinchTestClient.raw("GET", Gateway.baseUrl() + "/sandbox/inbox/" + number, Map.of(), null));
        for (JsonNode m : inbox) {
            if (m.get("verificationId").asText().equals(id)) {
                return m.get("method").asText().equals("flashcall")
                        ? m.get("cli").asText()
                        : m.get("code").asText();
            }
        }
        throw new AssertionError("nothing delivered for " + id + " in " + inbox);
    }

    /** A code that is certainly not the one delivered (codes are random: "0000" can be the right one). */
    public static String wrongCode(String number, String id) {
        return delivered(number, id).equals("0000") ? "1111" : "0000";
    }

    public static String smsReport(String code) {
        return "{\"method\":\"sms\",\"sms\":{\"code\":\"" + code + "\"}}";
    }

    /** Reports the delivered code; the verification is then SUCCESSFUL. */
    public static void verify(SinchTestClient app, String number, String id) {
        JsonNode r = ok(app.put(Gateway.VERIFICATIONS + "/id/" + id, smsReport(delivered(number, id))));
        assertEquals("SUCCESSFUL", r.get("status").asText());
    }

    /** The {@code r} of one item in a RateLimit header, e.g. 2 in {@code "number-start-10m";r=2;t=200}. */
    public static long remaining(Reply r, String policy) {
        String header = r.header("RateLimit");
        for (String item : header.split(",")) {
            if (item.strip().startsWith("\"" + policy + "\"")) {
                for (String param : item.split(";")) {
                    if (param.strip().startsWith("r=")) {
                        return Long.parseLong(param.strip().substring(2));
                    }
                }
            }
        }
        throw new AssertionError("no " + policy + " in RateLimit: " + header);
    }
}
