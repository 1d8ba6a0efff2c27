package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input gets a Sinch error that says what is wrong, and none of them reaches Sinch: the
 * sandbox's request counter does not move.
 */
@QuarkusTest
class ValidationTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();
    private long before;

    @BeforeEach
    void count() {
        before = traffic.requests();
    }

    private void assertRefused(Reply r, int status, int code, String messagePart) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(code, r.json().get("errorCode").asInt(), r::toString);
        assertTrue(r.json().get("message").asText().contains(messagePart), r::toString);
        assertEquals(before, traffic.requests(), "nothing reached Sinch");
    }

    /** The body with more fields appended to its top-level object. */
    static String with(String body, String fields) {
        return body.substring(0, body.length() - 1) + "," + fields + "}";
    }

    static Stream<Arguments> badStarts() {
        String n = "+46701234567";
        return Stream.of(
                Arguments.of("{}", "identity is required"),
                Arguments.of(
                        "{\"identity\":{\"type\":\"email\",\"endpoint\":\"a@b\"},\"method\":\"sms\"}", "identity.type"),
                Arguments.of(
                        "{\"identity\":{\"type\":\"number\"},\"method\":\"sms\"}", "Endpoint parameter is missing"),
                Arguments.of(Gateway.startBody("sms", "46701234567"), "E.164"),
                Arguments.of(Gateway.startBody("sms", "+46 70 123 45 67"), "E.164"),
                Arguments.of(Gateway.startBody("sms", "+4613"), "Too short"),
                Arguments.of(Gateway.startBody("sms", "+467012345678901234"), "Too long"),
                Arguments.of(Gateway.startBody("sms", "+99912345678"), "country calling code"),
                Arguments.of(Gateway.startBody("sms", "+4670123456"), "not an assigned number range"),
                Arguments.of(Gateway.startBody("pigeon", n), "method must be one of"),
                Arguments.of(
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + n + "\"}}", "method must be one of"),
                Arguments.of(
                        with(Gateway.startBody("sms", n), "\"custom\":\"" + "x".repeat(4097) + "\""),
                        "custom is longer than 4096"),
                Arguments.of(with(Gateway.startBody("sms", n), "\"reference\":\"a/b\""), "reference must be"),
                Arguments.of(with(Gateway.startBody("sms", n), "\"reference\":\"a;b\""), "reference must be"),
                Arguments.of(
                        with(Gateway.startBody("sms", n), "\"smsOptions\":{\"expiry\":\"10 minutes\"}"),
                        "smsOptions.expiry must be HH:MM:SS"),
                Arguments.of(
                        with(Gateway.startBody("sms", n), "\"smsOptions\":{\"expiry\":\"00:00:00\"}"),
                        "smsOptions.expiry must be longer than 00:00:00"),
                Arguments.of(
                        with(Gateway.startBody("sms", n), "\"smsOptions\":{\"codeType\":\"Emoji\"}"),
                        "smsOptions.codeType"),
                Arguments.of(
                        with(Gateway.startBody("flashcall", n), "\"flashCallOptions\":{\"dialTimeout\":3}"),
                        "dialTimeout must be between 5 and 120"),
                Arguments.of(
                        with(Gateway.startBody("flashcall", n), "\"flashCallOptions\":{\"interceptionTimeout\":121}"),
                        "interceptionTimeout"),
                Arguments.of(
                        with(Gateway.startBody("flashcall", n), "\"flashCallOptions\":{\"dialTimeout\":\"soon\"}"),
                        "dialTimeout' has the wrong type"),
                Arguments.of(
                        with(Gateway.startBody("callout", n), "\"calloutOptions\":{\"speech\":{\"locale\":\"!!\"}}"),
                        "speech.locale"),
                Arguments.of(
                        with(Gateway.startBody("whatsapp", n), "\"whatsappOptions\":{\"codeType\":1}"),
                        "whatsappOptions.codeType"),
                Arguments.of("{\"identity\":\"+46701234567\",\"method\":\"sms\"}", "'identity' has the wrong type"),
                Arguments.of("[1,2]", "must be a JSON object"),
                Arguments.of("null", "must be a JSON object"),
                Arguments.of("{\"identity\":", "not valid JSON"),
                Arguments.of(Gateway.startBody("sms", n) + "{}", "not valid JSON"),
                Arguments.of("[".repeat(5000) + "]".repeat(5000), "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("badStarts")
    void badStartBodiesAre40001(String body, String messagePart) {
        assertRefused(alpha.post(VERIFICATIONS, body), 400, 40001, messagePart);
    }

    @Test
    void wrongOrMissingContentTypeIs40001() {
        String body = Gateway.startBody("sms", TestNumbers.next());
        assertRefused(
                alpha.post(VERIFICATIONS, body, Map.of("Content-Type", "text/plain")), 400, 40001, "Content-Type");
        assertRefused(alpha.send("POST", VERIFICATIONS, null, Map.of()), 400, 40001, "Content-Type");
        assertRefused(alpha.post(VERIFICATIONS, ""), 400, 40001, "body is missing");
    }

    @Test
    void invalidUtf8Is40001() {
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString("alpha-key:YWxwaGEtc2VjcmV0LWZvci10ZXN0cw==".getBytes());
        Reply r = SinchTestClient.raw(
                "POST",
                Gateway.baseUrl() + VERIFICATIONS,
                Map.of("Authorization", basic, "Content-Type", "application/json"),
                body);
        assertRefused(r, 400, 40001, "not valid JSON");
    }

    @Test
    void aMethodTheAppMayNotUseIs40300() {
        assertRefused(
                Gateway.beta().post(VERIFICATIONS, Gateway.startBody("callout", TestNumbers.next())),
                403,
                40300,
                "callout is not allowed");
    }

    static Stream<Arguments> badReports() {
        return Stream.of(
                Arguments.of("{}", "method must be one of"),
                Arguments.of("{\"method\":\"seamless\"}", "method must be one of"),
                Arguments.of("{\"method\":\"sms\"}", "sms.code is required"),
                Arguments.of("{\"method\":\"sms\",\"sms\":{\"code\":\"12 34\"}}", "sms.code must be"),
                Arguments.of("{\"method\":\"callout\",\"callout\":{}}", "callout.code is required"),
                Arguments.of(
                        "{\"method\":\"whatsapp\",\"whatsapp\":{\"code\":\"" + "1".repeat(17) + "\"}}",
                        "whatsapp.code"),
                Arguments.of("{\"method\":\"flashcall\",\"flashCall\":{}}", "flashCall.cli is required"),
                Arguments.of(
                        "{\"method\":\"flashcall\",\"flashCall\":{\"cli\":\"call me\"}}", "flashCall.cli must be"));
    }

    @ParameterizedTest
    @MethodSource("badReports")
    void badReportBodiesAre40001(String body, String messagePart) {
        assertRefused(
                alpha.put(VERIFICATIONS + "/id/0f8b3c4e-0000-4000-8000-000000000000", body), 400, 40001, messagePart);
        assertRefused(alpha.put(VERIFICATIONS + "/number/+46701234567", body), 400, 40001, messagePart);
    }

    /** The gateway and the sandbox (Sinch's stand-in) give one answer to a method no lookup by number knows. */
    @ParameterizedTest
    @ValueSource(strings = {"pigeon", "seamless"})
    void anUnknownMethodInALookupByNumberIs40001AtTheGatewayAndTheSandbox(String method) {
        String path = VERIFICATIONS + "/" + method + "/number/" + TestNumbers.next();
        assertRefused(alpha.get(path), 400, 40001, "must be one of sms, flashcall, callout, whatsapp");
        Reply sandbox = Gateway.sandbox().get(path);
        assertEquals(400, sandbox.status(), sandbox::toString);
        assertEquals(40001, sandbox.json().get("errorCode").asInt(), sandbox::toString);
        assertEquals(
                alpha.get(path).json().get("message").asText(),
                sandbox.json().get("message").asText());
    }

    @Test
    void malformedLookupsAre40400WithoutAskingSinch() {
        assertRefused(alpha.get(VERIFICATIONS + "/id/" + "x".repeat(200)), 404, 40400, "not found");
        assertRefused(
                alpha.put(VERIFICATIONS + "/id/no_such", "{\"method\":\"sms\",\"sms\":{\"code\":\"1\"}}"),
                404,
                40400,
                "not found");
        assertRefused(alpha.get(VERIFICATIONS + "/reference/a%2Fb"), 404, 40400, "not found");
        assertRefused(alpha.get(VERIFICATIONS + "/nothing/here/at/all"), 404, 40400, "not found");
        assertRefused(alpha.get(VERIFICATIONS + "/reference/known;matrix"), 404, 40400, "not found");
    }

    /**
     * A well-formed id or number without an ownership record could be one Redis forgot: Sinch is asked, with a
     * status lookup (ownership recovery), and unknown there it is a 404. Only lookups ever reach Sinch.
     */
    @Test
    void unknownVerificationsAre40400AfterOneStatusLookupEach() {
        String sms = "{\"method\":\"sms\",\"sms\":{\"code\":\"1234\"}}";
        long lookups = traffic.lookups();
        for (Reply r : java.util.List.of(
                alpha.get(VERIFICATIONS + "/id/0f8b3c4e-0000-4000-8000-000000000000"),
                alpha.put(VERIFICATIONS + "/id/nope", sms),
                alpha.put(VERIFICATIONS + "/number/" + TestNumbers.next(), sms),
                alpha.get(VERIFICATIONS + "/sms/number/" + TestNumbers.next()))) {
            assertEquals(404, r.status(), r::toString);
            assertEquals(40400, r.json().get("errorCode").asInt(), r::toString);
        }
        assertEquals(lookups + 4, traffic.lookups(), "one status lookup each");
        assertEquals(before + 4, traffic.requests(), "nothing but those lookups reached Sinch");
    }

    @Test
    void aBadNumberInTheIdentityPathIs40001() {
        assertRefused(alpha.get(VERIFICATIONS + "/sms/number/0701234567"), 400, 40001, "E.164");
        assertRefused(
                alpha.put(VERIFICATIONS + "/number/+4613", "{\"method\":\"sms\",\"sms\":{\"code\":\"1\"}}"),
                400,
                40001,
                "Too short");
    }
}
