package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inputs the hostile-input properties found getting through, each pinned by a plain test: before
 * the fixes every one of them reached Sinch (or, for the callback, answered a non-Sinch body).
 */
@QuarkusTest
class HostileRegressionsTest {

    private static final String V = Gateway.VERIFICATIONS;

    @Inject
    SandboxTraffic traffic;

    private final Signer app = Signer.app("hostile");
    private long before;

    @BeforeEach
    void count() {
        before = traffic.requests();
    }

    private RawHttp.Answer send(RawHttp.Request r) {
        return RawHttp.send(URI.create(Gateway.baseUrl()).getPort(), r);
    }

    private void assertRefusedWithoutSinch(RawHttp.Answer a, int status, int code, String messagePart) {
        Answers.refused(a, status, code);
        assertTrue(a.json().get("message").asText().contains(messagePart), a::toString);
        assertEquals(before, traffic.requests(), () -> "reached Sinch: " + a);
    }

    /** Jackson's byte parser accepted these inside a string: overlong '/', a surrogate, U+110000. */
    @ParameterizedTest
    @ValueSource(strings = {"F0 80 80 AF", "C0 AF", "ED A0 80", "F4 90 80 80"})
    void invalidUtf8InsideAStringIs40001(String hex) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String start = Gateway.startBody("sms", TestNumbers.next());
        body.writeBytes(start.substring(0, start.length() - 1).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(",\"custom\":\"a".getBytes(StandardCharsets.UTF_8));
        for (String b : hex.split(" ")) {
            body.write(Integer.parseInt(b, 16));
        }
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        assertRefusedWithoutSinch(send(app.sign("POST", V, body.toByteArray())), 400, 40001, "UTF-8");
    }

    /** Jackson read "" (and strings it trims to "") as an absent number or options object. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"flashCallOptions\":{\"dialTimeout\":\"\"}",
                "\"flashCallOptions\":{\"dialTimeout\":\"\\u0000\"}",
                "\"flashCallOptions\":\"\"",
                "\"smsOptions\":\"\""
            })
    void anEmptyStringIsNotAnAbsentValue(String field) {
        String start = Gateway.startBody(field.contains("flash") ? "flashcall" : "sms", TestNumbers.next());
        String body = start.substring(0, start.length() - 1) + "," + field + "}";
        assertRefusedWithoutSinch(
                send(app.sign("POST", V, body.getBytes(StandardCharsets.UTF_8))), 400, 40001, "wrong type");
    }

    /** A report of another method than the verification's went to Sinch for its 400. */
    @Test
    void aReportOfAnotherMethodIs40001WithoutSinchOrQuota() {
        String number = TestNumbers.next();
        String id = Flows.startSms(Gateway.app("hostile"), number);
        before = traffic.requests();
        RawHttp.Answer a = send(app.sign(
                "PUT",
                V + "/id/" + id,
                "{\"method\":\"whatsapp\",\"whatsapp\":{\"code\":\"1234\"}}".getBytes(StandardCharsets.UTF_8)));
        assertRefusedWithoutSinch(a, 400, 40001, "does not match the verification's method 'sms'");
        var r = Gateway.app("hostile").put(V + "/id/" + id, Flows.smsReport(Flows.wrongCode(number, id)));
        assertEquals(200, r.status(), r::toString);
        assertEquals(4, Flows.remaining(r, "verification-attempts"), "the refused report took no attempt");
    }

    /** With a good Authorization first, a second one (or a second x-timestamp, Content-Type) was ignored. */
    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "x-timestamp", "Content-Type"})
    void aRepeatedSignedHeaderIs40100(String header) {
        RawHttp.Request good =
                app.sign("POST", V, Gateway.startBody("sms", TestNumbers.next()).getBytes(StandardCharsets.UTF_8));
        String second = switch (header) {
            case "Authorization" -> "Application " + app.key() + ":c2lnbmF0dXJl";
            case "x-timestamp" -> "2000-01-01T00:00:00Z";
            default -> "text/plain";
        };
        assertRefusedWithoutSinch(send(good.withHeader(header, second)), 401, 40100, "sent once");
        assertRefusedWithoutSinch(
                send(Signer.upstream()
                        .sign("POST", "/sinch/events", "{}".getBytes(StandardCharsets.UTF_8))
                        .withHeader(header, second)),
                401,
                40100,
                "sent once");
    }

    /** Vert.x's own 413 (no Sinch body) came back for an event over 64 KiB. */
    @Test
    void anOversizedEventIsASinch413() {
        byte[] body = ("{\"event\":\"x\",\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefusedWithoutSinch(send(Signer.upstream().sign("POST", "/sinch/events", body)), 413, 41390, "larger");
    }
}
