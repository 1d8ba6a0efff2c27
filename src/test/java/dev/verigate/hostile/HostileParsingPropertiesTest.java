package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.Credential;
import dev.verigate.signing.RequestAuthenticator;
import dev.verigate.signing.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parsers every hostile request meets first, as jqwik properties (run by the jqwik engine, no
 * gateway needed): whatever the input, they answer a refusal and never throw anything the gateway
 * would turn into a 500. The gateway-level properties are the {@code Hostile*Test} classes.
 */
class HostileParsingPropertiesTest {

    private static final Credential APP = Credential.of("hostile-key", "aG9zdGlsZS1zZWNyZXQtZm9yLXRlc3Rz");
    private static final RequestAuthenticator<Credential> AUTH = new RequestAuthenticator<>(
            new RequestAuthenticator.Principals<>() {
                public Optional<Credential> byKey(String key) {
                    return APP.key().equals(key) ? Optional.of(APP) : Optional.empty();
                }

                public Credential credential(Credential c) {
                    return c;
                }

                public boolean allowsBasic(Credential c) {
                    return true;
                }
            },
            Duration.ofMinutes(15));

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Hostile.badNumbers(),
                Hostile.strings(),
                Arbitraries.strings().numeric().withChars('+', ' ', '-').ofMaxLength(25));
    }

    /** Any endpoint is either an E.164 number or a 400/40001 saying why; nothing else escapes. */
    @Property(tries = 2000)
    void aNumberIsE164OrA40001(@ForAll("numbers") String endpoint) {
        try {
            E164 n = E164.parse(endpoint);
            assertTrue(n.number().matches("\\+[1-9][0-9]{6,14}"), n.number());
            assertNotNull(n.countryId());
        } catch (SinchException e) {
            assertEquals(400, e.status());
            assertEquals(40001, e.body().errorCode());
            assertFalse(
                    e.body().message().contains(endpoint.length() > 8 ? endpoint : "\u0000"),
                    "the message masks the number: " + e.body().message());
        }
    }

    /** No non-deliverable number generator output is accepted as a deliverable destination. */
    @Property(tries = 1000)
    void badNumbersAreNeverDeliverable(@ForAll("badNumbersOnly") String endpoint) {
        try {
            E164 n = E164.parse(endpoint);
            assertTrue(
                    n.number().startsWith("+4478") || n.countryId().equals("FI"), () -> "deliverable: " + n.number());
        } catch (SinchException e) {
            assertEquals(40001, e.body().errorCode());
        }
    }

    @Provide
    Arbitrary<String> badNumbersOnly() {
        return Hostile.badNumbers();
    }

    @Provide
    Arbitrary<String> authorizations() {
        return Arbitraries.oneOf(Hostile.badAuthorization(APP.key()), Hostile.strings());
    }

    @Provide
    Arbitrary<String> timestamps() {
        return Arbitraries.oneOf(
                Hostile.unparseableTimestamps(),
                Hostile.skewedTimestamps(Duration.ofMinutes(15)),
                Hostile.strings(),
                Arbitraries.just(Instant.now().toString()));
    }

    /**
     * Whatever the Authorization header and x-timestamp, the authenticator answers (never throws) and
     * never lets a request in without the app's secret.
     */
    @Property(tries = 3000)
    void noHeaderGetsInWithoutTheSecret(
            @ForAll("authorizations") String authorization,
            @ForAll("timestamps") String timestamp,
            @ForAll("bodies") byte[] body) {
        SignedRequest request =
                new SignedRequest("POST", "/verification/v1/verifications", null, "application/json", body, timestamp);
        AuthResult<Credential> result = AUTH.authenticate(authorization, request, Instant.now());
        assertFalse(result.ok(), () -> "authenticated with " + authorization);
        assertTrue(result.failure().errorCode() / 100 == 401, result.failure()::toString);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Hostile.json().map(s -> s.getBytes(StandardCharsets.UTF_8)), Hostile.brokenJson());
    }

    @Provide
    Arbitrary<String> paths() {
        return Hostile.segments().map(s -> "/verification/v1/verifications/id/" + s);
    }

    /** Signature checking of any path, query, Content-Type and signature text answers false, never throws. */
    @Property(tries = 2000)
    void aRandomSignatureNeverVerifies(
            @ForAll("paths") String path,
            @ForAll("timestamps") String timestamp,
            @ForAll("bodies") byte[] body,
            @ForAll("authorizations") String signature) {
        SignedRequest request = new SignedRequest(
                "GET",
                path,
                path.length() % 2 == 0 ? null : "a=%zz&b",
                signature.length() % 3 == 0 ? null : "application/json",
                body,
                timestamp);
        assertFalse(request.verify(APP, signature));
    }
}
