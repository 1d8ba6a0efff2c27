package dev.verigate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/** The sandbox as a test sees it: a Java-SDK-like signed client, the open device paths, fresh numbers. */
final class SandboxApi {

    static final String VERIFICATIONS = "/verification/v1/verifications";
    /** 1000..9999: never one of the magic suffixes, which all start with 0. */
    private static final AtomicInteger NEXT_SUFFIX = new AtomicInteger(1000);

    final String base;
    final SinchTestClient client;

    SandboxApi() {
        var config = ConfigProvider.getConfig();
        this.base = "http://localhost:" + config.getValue("quarkus.http.test-port", Integer.class) + "/sandbox";
        this.client = new SinchTestClient(
                base,
                config.getValue("verigate.upstream.application-key", String.class),
                config.getValue("verigate.upstream.application-secret", String.class));
    }

    /** A valid Swedish mobile number (070-123 xx xx) no other test has used in this JVM. */
    static String freshNumber() {
        return "+4670123" + NEXT_SUFFIX.getAndIncrement();
    }

    /** A valid Swedish mobile number ending in the given magic suffix, different for each call. */
    static String magicNumber(String suffix) {
        return "+46731" + (NEXT_SUFFIX.getAndIncrement() % 90 + 10) + suffix;
    }

    static String identity(String number) {
        return "{\"type\":\"number\",\"endpoint\":\"" + number + "\"}";
    }

    Reply start(String number, String method) {
        return client.post(VERIFICATIONS, "{\"identity\":" + identity(number) + ",\"method\":\"" + method + "\"}");
    }

    Reply start(String json) {
        return client.post(VERIFICATIONS, json);
    }

    Reply report(String id, String json) {
        return client.put(VERIFICATIONS + "/id/" + id, json);
    }

    Reply reportByNumber(String number, String json) {
        return client.put(VERIFICATIONS + "/number/" + number, json);
    }

    Reply status(String id) {
        return client.get(VERIFICATIONS + "/id/" + id);
    }

    Reply statusByNumber(String method, String number) {
        return client.get(VERIFICATIONS + "/" + method + "/number/" + number);
    }

    Reply statusByReference(String reference) {
        return client.get(VERIFICATIONS + "/reference/" + reference);
    }

    /** The inbox as a test device reads it: no auth, the number as given (literal '+' or %2B). */
    JsonNode inbox(String number) {
        Reply reply = SinchTestClient.raw("GET", base + "/inbox/" + number, Map.of(), null);
        if (reply.status() != 200) {
            throw new AssertionError("inbox answered " + reply);
        }
        return reply.json();
    }

    /** The code (or flash call CLI) most recently delivered to the number. */
    String lastDelivered(String number) {
        JsonNode newest = inbox(number).get(0);
        return newest.get("method").asText().equals("flashcall")
                ? newest.get("cli").asText()
                : newest.get("code").asText();
    }

    static String codeReport(String method, String code) {
        return "{\"method\":\"" + method + "\",\"" + method + "\":{\"code\":\"" + code + "\"}}";
    }

    static String cliReport(String cli) {
        return "{\"method\":\"flashcall\",\"flashCall\":{\"cli\":\"" + cli + "\"}}";
    }
}
