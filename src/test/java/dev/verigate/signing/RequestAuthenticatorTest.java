package dev.verigate.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tolerant verification rules of reference §2.6 and every refusal with its Sinch code. */
class RequestAuthenticatorTest {

    private static final Credential CRED =
            Credential.of("5F5C418A0F914BBC8234A9BF5EDDAD97", "JViE5vDor0Sw3WllZka15Q==");
    private static final Instant T0 = Instant.parse("2014-06-04T13:41:58Z");

    private record Who(Credential credential, boolean basic) {}

    private final RequestAuthenticator<Who> strict = authenticator(false);
    private final RequestAuthenticator<Who> lenient = authenticator(true);

    private static RequestAuthenticator<Who> authenticator(boolean basic) {
        Who who = new Who(CRED, basic);
        return new RequestAuthenticator<>(
                new RequestAuthenticator.Principals<>() {
                    public Optional<Who> byKey(String key) {
                        return key.equals(CRED.key()) ? Optional.of(who) : Optional.empty();
                    }

                    public Credential credential(Who p) {
                        return p.credential();
                    }

                    public boolean allowsBasic(Who p) {
                        return p.basic();
                    }
                },
                Duration.ofMinutes(15));
    }

    private static String sign(String method, String ct, String body, String ts, String resource) {
        String toSign = Signatures.stringToSign(
                method, Signatures.contentMd5(body.getBytes(StandardCharsets.UTF_8)), ct, ts, resource);
        return "Application " + CRED.key() + ":" + Signatures.sign(CRED.decodedSecret(), toSign);
    }

    private static SignedRequest req(String method, String path, String query, String ct, String body, String ts) {
        return new SignedRequest(method, path, query, ct, body.getBytes(StandardCharsets.UTF_8), ts);
    }

    @Test
    void acceptsTheJavaSdkFormDecodedPathWhenTheRawPathIsEncoded() {
        String ts = "2014-06-04T13:41:58.123456789Z";
        String auth = sign("GET", "", "", ts, "/verification/v1/verifications/sms/number/+46700000000");
        var r = req("GET", "/verification/v1/verifications/sms/number/%2B46700000000", null, null, "", ts);
        assertTrue(strict.authenticate(auth, r, T0).ok());
    }

    @Test
    void acceptsDotNetPathAndQueryAndVerbatimContentTypeAndSevenDigitTimestamps() {
        String ts = "2014-06-04T13:41:58.2729234Z";
        String ct = "application/json; charset=utf-8";
        String auth = sign("POST", ct, "{}", ts, "/verification/v1/verifications?x=1");
        assertTrue(strict.authenticate(auth, req("POST", "/verification/v1/verifications", "x=1", ct, "{}", ts), T0)
                .ok());
    }

    @Test
    void schemeKeywordIsCaseInsensitiveAndOffsetsAreAccepted() {
        String ts = "2014-06-04T15:41:58+02:00";
        String auth = sign("GET", "", "", ts, "/v").replace("Application ", "application ");
        assertTrue(strict.authenticate(auth, req("GET", "/v", null, null, "", ts), T0)
                .ok());
    }

    @Test
    void everyRefusalHasItsSinchCode() {
        String ts = "2014-06-04T13:41:58Z";
        var r = req("GET", "/v", null, null, "", ts);
        assertEquals(
                AuthFailure.AUTHORIZATION_REQUIRED,
                strict.authenticate(null, r, T0).failure());
        assertEquals(40104, AuthFailure.AUTHORIZATION_REQUIRED.errorCode());
        assertEquals(
                AuthFailure.MALFORMED_HEADER,
                strict.authenticate("Bearer x", r, T0).failure());
        assertEquals(
                AuthFailure.MALFORMED_HEADER,
                strict.authenticate("Basic !!!", r, T0).failure());
        assertEquals(
                AuthFailure.PUBLIC_REFUSED,
                strict.authenticate("Application " + CRED.key(), r, T0).failure());
        assertEquals(
                AuthFailure.UNKNOWN_KEY,
                strict.authenticate("Application nobody:abc=", r, T0).failure());
        assertEquals(40107, AuthFailure.UNKNOWN_KEY.errorCode());
        assertEquals(
                AuthFailure.TIMESTAMP_MISSING,
                strict.authenticate(sign("GET", "", "", ts, "/v"), req("GET", "/v", null, null, "", null), T0)
                        .failure());
        assertEquals(
                AuthFailure.TIMESTAMP_INVALID,
                strict.authenticate(
                                sign("GET", "", "", "yesterday", "/v"),
                                req("GET", "/v", null, null, "", "yesterday"),
                                T0)
                        .failure());
        String old = "2014-06-04T13:26:57Z"; // 15 min 1 s before T0
        assertEquals(
                AuthFailure.TIMESTAMP_SKEWED,
                strict.authenticate(sign("GET", "", "", old, "/v"), req("GET", "/v", null, null, "", old), T0)
                        .failure());
        assertEquals(
                AuthFailure.BAD_SIGNATURE,
                strict.authenticate(sign("GET", "", "", ts, "/other"), r, T0).failure());
    }

    /**
     * A caller must not learn which keys exist: an unknown key, a known key with a bad signature or secret and
     * a Basic refusal answer alike, and the timestamp is judged before the key is looked up.
     */
    @Test
    void unknownKeysAndBadCredentialsAnswerAlike() {
        String ts = "2014-06-04T13:41:58Z";
        var r = req("GET", "/v", null, null, "", ts);
        var refusals = java.util.List.of(
                AuthFailure.UNKNOWN_KEY,
                AuthFailure.BAD_SIGNATURE,
                AuthFailure.WRONG_SECRET,
                AuthFailure.BASIC_REFUSED);
        for (AuthFailure f : refusals) {
            assertEquals(40107, f.errorCode(), f::name);
            assertEquals("Invalid authorization.", f.message(), f::name);
        }
        assertEquals(
                AuthFailure.BAD_SIGNATURE,
                strict.authenticate(sign("GET", "", "", ts, "/other"), r, T0).failure());
        // No timestamp: the same answer whether the key exists or not.
        var untimed = req("GET", "/v", null, null, "", null);
        assertEquals(
                AuthFailure.TIMESTAMP_MISSING,
                strict.authenticate("Application nobody:abc=", untimed, T0).failure());
        assertEquals(
                AuthFailure.TIMESTAMP_MISSING,
                strict.authenticate(sign("GET", "", "", ts, "/v"), untimed, T0).failure());
        String old = "2014-06-04T13:26:57Z";
        assertEquals(
                AuthFailure.TIMESTAMP_SKEWED,
                strict.authenticate("Application nobody:abc=", req("GET", "/v", null, null, "", old), T0)
                        .failure());
        // Basic: an unknown key, a refused scheme and a wrong secret look the same from outside.
        String unknown = "Basic " + Base64.getEncoder().encodeToString("nobody:secret".getBytes());
        assertEquals(40107, strict.authenticate(unknown, r, T0).failure().errorCode());
        assertEquals(
                AuthFailure.UNKNOWN_KEY.message(),
                strict.authenticate(unknown, r, T0).failure().message());
    }

    @Test
    void basicIsOnlyForPrincipalsThatAllowItAndComparesTheRawSecret() {
        var r = req("GET", "/v", null, null, "", null);
        String good = "Basic " + Base64.getEncoder().encodeToString((CRED.key() + ":" + CRED.rawSecret()).getBytes());
        String bad = "Basic " + Base64.getEncoder().encodeToString((CRED.key() + ":wrong").getBytes());
        assertEquals(AuthFailure.BASIC_REFUSED, strict.authenticate(good, r, T0).failure());
        assertNull(lenient.authenticate(good, r, T0).failure());
        assertEquals(AuthFailure.WRONG_SECRET, lenient.authenticate(bad, r, T0).failure());
    }
}
