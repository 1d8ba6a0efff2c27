package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.References;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * Hostile paths, headers, signatures and timestamps on the app-facing endpoints, and hostile events on
 * the callback endpoint. The bodies are valid starts and reports wherever the request itself is the
 * hostile part, so anything that slipped through would reach Sinch or take quota: every answer must be
 * a Sinch refusal, no try may reach Sinch, and the {@link Ledger} must show nothing taken.
 */
@QuarkusTest
class HostileRequestsTest extends HostileEndpointTest {

    private static final String V = Gateway.VERIFICATIONS;

    @Inject
    CallbacksConfig callbacks;

    /**
     * For requests that are not valid HTTP (raw non-ASCII or '\\' in the target, a bare LF in a
     * header, a request line over 4096 bytes): Vert.x's codec may refuse them with an empty 400 (414 for
     * the long line) before any route; otherwise a Sinch
     * refusal. Either way never a 5xx and nothing reaches Sinch.
     */
    private void refusedOrCodecRefusal(RawHttp.Request request) {
        long before = traffic.requests();
        RawHttp.Answer answer = RawHttp.send(port(), request);
        if (!answer.codecRefusal()) {
            Answers.refused(answer);
        }
        assertEquals(before, traffic.requests(), () -> "reached Sinch: " + answer);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A property on starts to a pool of numbers, each a valid body sent in a hostile request. */
    private void startProperty(
            String name,
            Function<byte[], Arbitrary<RawHttp.Request>> requests,
            java.util.function.Consumer<RawHttp.Answer> expect) {
        List<String> pool = Ledger.pool(3);
        long startsLeft = ledger.startsLeft();
        Arbitrary<RawHttp.Request> all = Arbitraries.oneOf(pool.stream()
                .map(n -> requests.apply(utf8(Gateway.startBody("sms", n))))
                .toList());
        Tries.check(name, all, r -> expect.accept(refusedWithoutSinch(r)));
        ledger.assertNoStartTaken(startsLeft, pool);
    }

    private static java.util.function.Consumer<RawHttp.Answer> is401(int... codes) {
        return a -> {
            assertEquals(401, a.status(), a::toString);
            int code = Answers.refused(a).get("errorCode").asInt();
            assertTrue(java.util.Arrays.stream(codes).anyMatch(c -> c == code), () -> "errorCode " + code + ": " + a);
        };
    }

    // ---- paths --------------------------------------------------------------------------------------

    /** What JAX-RS would hand the resource for a path segment (percent-decoded, '+' kept). */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** Whether GET /reference/{segment} names a legal reference (after dot-segments and decoding). */
    private static boolean lookedUpBySinch(String segment) {
        return segment.contains("/") || References.valid(segment) || References.valid(decoded(segment));
    }

    /**
     * Whether /id/{segment} names a legal verification id: one without an ownership record is looked up at Sinch
     * by design (ownership recovery after Redis lost it), like a reference.
     */
    private static boolean legalId(String segment) {
        return segment.contains("/") || LEGAL_ID.matcher(decoded(segment)).matches();
    }

    /** Whether {segment} in /number/{segment} is a number: the app's latest there is looked up at Sinch likewise. */
    private static boolean legalNumber(String segment) {
        try {
            E164.parse(decoded(segment));
            return true;
        } catch (RuntimeException notANumber) {
            return segment.contains("/");
        }
    }

    /** Whether /{segment}/number/… names a method whose latest verification can be looked up. */
    private static boolean reportableMethod(String segment) {
        return segment.contains("/")
                || VerificationMethod.parse(decoded(segment))
                        .filter(VerificationMethod::reportable)
                        .isPresent();
    }

    private static final java.util.regex.Pattern LEGAL_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Test
    void hostilePathsAreRefusedWithoutSinch() {
        Ledger.Target target = ledger.target();
        long statusLeft = ledger.statusLeft(target);
        Ledger.ReportMarks marks = ledger.report(target);
        String fresh = TestNumbers.next();
        byte[] report = utf8(JsonTree.report("sms").toJson());
        // Around a real id: no '/', '?' or '#', which would make another (authentic) spelling of its path.
        Arbitrary<String> suffixes = Hostile.segments()
                .filter(s -> !s.isEmpty() && s.chars().noneMatch(c -> c == '/' || c == '?' || c == '#'));
        // Legal ids, numbers and methods are looked up at Sinch by design when nothing is recorded (ownership
        // recovery); everything else must not be.
        Arbitrary<RawHttp.Request> requests = Arbitraries.oneOf(
                Hostile.segments().filter(s -> !legalId(s)).map(s -> app.sign("GET", V + "/id/" + s, null)),
                Hostile.segments().filter(s -> !legalId(s)).map(s -> app.sign("PUT", V + "/id/" + s, report)),
                suffixes.filter(s -> !legalId(target.id() + s))
                        .map(s -> app.sign("GET", V + "/id/" + target.id() + s, null)),
                suffixes.filter(s -> !legalId(s + target.id()))
                        .map(s -> app.sign("PUT", V + "/id/" + s + target.id(), report)),
                Hostile.segments().filter(s -> !legalNumber(s)).map(s -> app.sign("PUT", V + "/number/" + s, report)),
                Hostile.segments()
                        .filter(s -> !reportableMethod(s))
                        .map(s -> app.sign("GET", V + "/" + s + "/number/" + fresh, null)),
                Hostile.segments().filter(s -> !legalNumber(s)).map(s -> app.sign("GET", V + "/sms/number/" + s, null)),
                // A legal reference is looked up at Sinch by design; everything else must not be.
                Hostile.segments()
                        .filter(s -> !lookedUpBySinch(s))
                        .map(s -> app.sign("GET", V + "/reference/" + s, null)),
                Combinators.combine(
                                Hostile.segments(),
                                Hostile.segments(),
                                Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH"))
                        .filter((a, b, m) -> !(decoded(a).equals("reference") && lookedUpBySinch(b))
                                && !(decoded(a).equals("id") && legalId(b))
                                && !(decoded(a).equals("number") && legalNumber(b)))
                        .as((a, b, m) -> app.sign(
                                m, V + "/" + a + "/" + b, m.equals("GET") || m.equals("DELETE") ? null : report)),
                Arbitraries.of("DELETE", "PATCH", "POST")
                        .map(m -> app.sign(m, V + "/id/" + target.id(), m.equals("DELETE") ? null : report)));
        Tries.check("hostile paths", requests, r -> {
            // Past Vert.x's 4096-byte request line the codec answers 414 itself.
            if (r.legalTarget() && r.target().length() < 4000) {
                refusedWithoutSinch(r);
            } else {
                refusedOrCodecRefusal(r);
            }
        });
        ledger.assertNoReportTaken(marks, target);
        assertEquals(statusLeft - 1, ledger.statusLeft(target), "the app's status bucket");
    }

    // ---- headers ------------------------------------------------------------------------------------

    @Test
    void badAuthorizationHeadersAre401() {
        startProperty(
                "bad Authorization headers",
                body -> Arbitraries.oneOf(
                        Hostile.badAuthorization(app.key())
                                .map(bad -> app.sign("POST", V, body)
                                        .withoutHeader("Authorization")
                                        .withHeader("Authorization", bad)),
                        Arbitraries.just(app.sign("POST", V, body).withoutHeader("Authorization"))),
                is401(40100, 40104, 40107));
    }

    @Test
    void duplicatedAndInjectedHeadersAreRefused() {
        startProperty(
                "duplicated and injected headers",
                body -> {
                    Arbitrary<String> bad = Hostile.badAuthorization(app.key());
                    Arbitrary<String> separators = Arbitraries.just("\r\n");
                    return Arbitraries.oneOf(
                            // a second Authorization, good after bad and bad after good
                            bad.map(b -> {
                                RawHttp.Request good = app.sign("POST", V, body);
                                return good.withoutHeader("Authorization")
                                        .withHeader("Authorization", b)
                                        .withHeader("Authorization", good.header("Authorization"));
                            }),
                            bad.map(b -> app.sign("POST", V, body).withHeader("Authorization", b)),
                            // the same signed request with its Authorization, x-timestamp or Content-Type repeated
                            Arbitraries.of("Authorization", "x-timestamp", "Content-Type")
                                    .map(h -> {
                                        RawHttp.Request good = app.sign("POST", V, body);
                                        return good.withHeader(h, good.header(h));
                                    }),
                            // header injection: a value that carries a line break and another header after it
                            Combinators.combine(
                                            separators,
                                            Arbitraries.of("Authorization", "x-timestamp", "Content-Type"),
                                            bad)
                                    .as((sep, h, b) -> {
                                        RawHttp.Request good = app.sign("POST", V, body);
                                        String injected = h.equals("Authorization")
                                                ? good.header(h)
                                                : h.equals("x-timestamp")
                                                        ? Instant.now()
                                                                .minusSeconds(5)
                                                                .toString()
                                                        : "text/plain";
                                        return good.withoutHeader("Authorization")
                                                .withHeader("Authorization", b)
                                                .withHeader("X-Note", "a" + sep + h + ": " + injected)
                                                .withHeader("Authorization", good.header("Authorization"));
                                    }));
                },
                a -> {
                    int status = a.status();
                    assertTrue(status == 401 || status == 400, a::toString);
                });
    }

    /** A bare LF or CR inside a header value: not HTTP/1.1; refused by the codec or by auth, never passed on. */
    @Test
    void bareLineBreaksInHeadersAreRefused() {
        List<String> pool = Ledger.pool(2);
        long startsLeft = ledger.startsLeft();
        Arbitrary<RawHttp.Request> requests = Combinators.combine(
                        Arbitraries.of(pool),
                        Arbitraries.of("\n", "\r"),
                        Arbitraries.of("Authorization", "x-timestamp", "Content-Type", "X-Note"),
                        Hostile.badAuthorization(app.key()))
                .as((n, sep, h, bad) -> {
                    RawHttp.Request good = app.sign("POST", V, utf8(Gateway.startBody("sms", n)));
                    String value = good.header(h) == null ? "a" : good.header(h);
                    return good.withoutHeader("Authorization")
                            .withHeader("Authorization", bad)
                            .withHeader("X-Note", "a" + sep + h + ": " + value)
                            .withHeader("Authorization", good.header("Authorization"));
                });
        Tries.check("bare line breaks in headers", 40, requests, this::refusedOrCodecRefusal);
        ledger.assertNoStartTaken(startsLeft, pool);
    }

    @Test
    void wrongContentTypesAndIdempotencyKeysAre40001() {
        startProperty(
                "wrong Content-Type or Idempotency-Key",
                body -> Arbitraries.oneOf(
                        Hostile.nonJsonContentTypes()
                                .map(t -> app.sign(
                                        "POST", V, t, body, Instant.now().toString())),
                        Hostile.badIdempotencyKeys()
                                .map(k -> app.sign("POST", V, body).withHeader("Idempotency-Key", k))),
                a -> {
                    // Form types are read as forms by the body handler, so the bytes signed are not the
                    // bytes seen: a 401/40107 before the Content-Type is even looked at.
                    int code = Answers.refused(a).get("errorCode").asInt();
                    assertTrue(code == 40001 || code == 40107, a::toString);
                });
    }

    // ---- signatures and timestamps ------------------------------------------------------------------

    @Test
    void signaturesThatDoNotMatchAre401() {
        List<Signer> others = List.of(
                Signer.app("alpha"),
                Signer.app("beta"),
                Signer.upstream(),
                new Signer(app.key(), Signer.app("alpha").secret()),
                new Signer(
                        app.key(),
                        Base64.getEncoder().encodeToString(app.secret().getBytes(StandardCharsets.UTF_8))));
        startProperty(
                "signatures that do not match",
                body -> {
                    String ts = Instant.now().toString();
                    Arbitrary<String> signatures = Arbitraries.oneOf(
                            Arbitraries.bytes()
                                    .array(byte[].class)
                                    .ofMinSize(1)
                                    .ofMaxSize(64)
                                    .map(b -> Base64.getEncoder().encodeToString(b)),
                            Hostile.strings()
                                    .filter(s -> !s.isBlank() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f)),
                            // valid for another body, path, method, Content-Type or timestamp
                            Hostile.json()
                                    .map(other -> Signer.signature(
                                            app.authorization("POST", V, "application/json", utf8(other), ts))),
                            Arbitraries.of(V + "/", V + "/id/x", "/verification/v1/verifications?x=1", "/sandbox" + V)
                                    .map(p -> Signer.signature(
                                            app.authorization("POST", p, "application/json", body, ts))),
                            Arbitraries.of("PUT", "GET")
                                    .map(m -> Signer.signature(app.authorization(m, V, "application/json", body, ts))),
                            Arbitraries.of("application/json; charset=utf-8", "", "text/plain")
                                    .map(t -> Signer.signature(app.authorization("POST", V, t, body, ts))),
                            Arbitraries.of(Instant.now().minusSeconds(1).toString(), ts.replace("Z", "+00:00"))
                                    .map(t -> Signer.signature(
                                            app.authorization("POST", V, "application/json", body, t))));
                    Arbitrary<RawHttp.Request> ownKeyBadSignature =
                            signatures.map(sig -> app.sign("POST", V, "application/json", body, ts)
                                    .withoutHeader("Authorization")
                                    .withHeader("Authorization", "Application " + app.key() + ":" + sig));
                    Arbitrary<RawHttp.Request> otherSecrets = Arbitraries.of(others)
                            .map(o -> {
                                RawHttp.Request signedByOther = o.sign("POST", V, body);
                                String sig = Signer.signature(signedByOther.header("Authorization"));
                                return signedByOther
                                        .withoutHeader("Authorization")
                                        .withHeader("Authorization", "Application " + app.key() + ":" + sig);
                            });
                    Arbitrary<RawHttp.Request> otherKeys = Arbitraries.of(others)
                            .map(o -> o.sign("POST", V, body)
                                    .withoutHeader("Authorization")
                                    .withHeader(
                                            "Authorization",
                                            "Application " + o.key() + ":"
                                                    + Signer.signature(app.sign("POST", V, body)
                                                            .header("Authorization"))));
                    return Arbitraries.oneOf(ownKeyBadSignature, otherSecrets, otherKeys);
                },
                is401(40107));
    }

    @Test
    void skewedReplayedAndUnparseableTimestampsAre40101() {
        startProperty(
                "skewed and unparseable x-timestamps",
                body -> Arbitraries.oneOf(
                                Hostile.skewedTimestamps(auth.maxClockSkew()), Hostile.unparseableTimestamps())
                        .map(ts -> app.sign("POST", V, "application/json", body, ts)),
                is401(40101));
    }

    /**
     * A captured, correctly signed start replayed inside the skew window: the first reaches Sinch, the
     * replays are refused as replays (401/40190) before any limit is asked, and take nothing; exactly one
     * verification is made.
     */
    @Test
    void aReplayedStartReachesSinchOnce() {
        long startsLeft = ledger.startsLeft();
        Arbitrary<Integer> replays = Arbitraries.integers().between(1, 6);
        int[] starts = {0};
        Tries.check("replayed starts", 10, replays, n -> {
            String number = TestNumbers.next();
            RawHttp.Request captured = app.sign("POST", V, utf8(Gateway.startBody("sms", number)));
            long created = traffic.startsCreated();
            RawHttp.Answer first = RawHttp.send(port(), captured);
            assertEquals(200, first.status(), first::toString);
            starts[0]++;
            for (int i = 0; i < n; i++) {
                long before = traffic.requests();
                RawHttp.Answer replay = RawHttp.send(port(), captured);
                Answers.refused(replay, 401, 40190);
                assertEquals(before, traffic.requests(), () -> "a replay reached Sinch: " + replay);
            }
            assertEquals(created + 1, traffic.startsCreated(), "one verification for the captured start");
        });
        assertEquals(
                startsLeft - 1 - starts[0], ledger.startsLeft(), "only the first of each replayed start took a token");
    }

    // ---- the callback endpoint ----------------------------------------------------------------------

    /** Sinch events: bad auth, skew, another key, Basic, oversized: a Sinch 401 or 413, nothing recorded upstream. */
    @Test
    void unauthenticatedOrOversizedEventsAreRefused() {
        String path = callbacks.path();
        Signer sinch = Signer.upstream();
        int max = 64 * 1024;
        Arbitrary<byte[]> events = Arbitraries.oneOf(
                Hostile.json().map(HostileRequestsTest::utf8),
                Hostile.brokenJson(),
                Arbitraries.just(
                        utf8("{\"event\":\"VerificationResultEvent\",\"id\":\"x\",\"status\":\"SUCCESSFUL\"}")));
        Arbitrary<RawHttp.Request> requests = Arbitraries.oneOf(
                Combinators.combine(events, Hostile.badAuthorization(sinch.key()))
                        .as((e, a) -> sinch.sign("POST", path, e)
                                .withoutHeader("Authorization")
                                .withHeader("Authorization", a)),
                Combinators.combine(
                                events,
                                Arbitraries.oneOf(
                                        Hostile.skewedTimestamps(auth.maxClockSkew()), Hostile.unparseableTimestamps()))
                        .as((e, ts) -> sinch.sign("POST", path, "application/json", e, ts)),
                events.map(e -> app.sign("POST", path, e)),
                events.map(e -> sinch.sign("POST", path, e)
                        .withoutHeader("Authorization")
                        .withHeader(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(utf8(sinch.key() + ":" + sinch.secret())))),
                Hostile.hugeStart("+46701234567", max).map(e -> sinch.sign("POST", path, e)));
        Tries.check("unauthenticated or oversized events", requests, r -> {
            RawHttp.Answer a = refusedWithoutSinch(r);
            assertTrue(a.status() == 401 || a.status() == 413, a::toString);
        });
    }

    /**
     * Correctly signed events with hostile bodies: a non-object or broken body is a 400; an object is
     * acknowledged (unknown events are counted, unowned ones denied or ignored); never a 5xx.
     */
    @Test
    void signedHostileEventsAreAnsweredWithoutA5xx() {
        String path = callbacks.path();
        Signer sinch = Signer.upstream();
        Arbitrary<String> typed = Combinators.combine(
                        Arbitraries.of(
                                "VerificationRequestEvent",
                                "VerificationResultEvent",
                                "VerificationSmsDeliveredEvent",
                                "Other"),
                        Hostile.jsonObject())
                .as((event, object) -> object.equals("{}")
                        ? "{\"event\":\"" + event + "\"}"
                        : "{\"event\":\"" + event + "\"," + object.substring(1));
        Arbitrary<byte[]> events = Arbitraries.oneOf(
                Hostile.json().map(HostileRequestsTest::utf8),
                Hostile.brokenJson(),
                typed.map(HostileRequestsTest::utf8),
                Hostile.invalidUtf8Start("+46701234567"));
        Tries.check("signed hostile events", events.map(e -> sinch.sign("POST", path, e)), r -> {
            long before = traffic.requests();
            RawHttp.Answer a = RawHttp.send(port(), r);
            assertEquals(before, traffic.requests(), () -> "reached Sinch: " + a);
            if (a.status() == 200) {
                assertTrue(a.json() != null && a.json().isObject(), a::toString);
            } else {
                Answers.refused(a, 400, 40001);
            }
        });
    }
}
