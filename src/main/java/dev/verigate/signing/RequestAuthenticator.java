package dev.verigate.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Authenticates a request the way Sinch does (reference §2): Basic where the principal allows it,
 * Application-signed requests with a bounded {@code x-timestamp} skew, public auth refused. Shared by
 * the gateway's inbound auth, the sandbox and the callback receiver; each supplies its own principals.
 *
 * @param <P> whoever a key belongs to (an internal app, the sandbox's single credential, …)
 */
public final class RequestAuthenticator<P> {

    /** How principals are found and what each allows. */
    public interface Principals<P> {
        Optional<P> byKey(String key);

        Credential credential(P principal);

        boolean allowsBasic(P principal);
    }

    /** What an unknown key's request is checked against, so that it costs what a known key's does. */
    private static final Credential DECOY = Credential.of("verigate-decoy", "ZGVjb3ktc2VjcmV0LW5ldmVyLWlzc3VlZA==");

    private final Principals<P> principals;
    private final Duration maxClockSkew;

    public RequestAuthenticator(Principals<P> principals, Duration maxClockSkew) {
        this.principals = principals;
        this.maxClockSkew = maxClockSkew;
    }

    public AuthResult<P> authenticate(String authorization, SignedRequest request, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            return AuthResult.refused(AuthFailure.AUTHORIZATION_REQUIRED);
        }
        AuthorizationHeader header;
        try {
            header = AuthorizationHeader.parse(authorization);
        } catch (IllegalArgumentException e) {
            return AuthResult.refused(AuthFailure.MALFORMED_HEADER);
        }
        if (header instanceof AuthorizationHeader.Public) {
            return AuthResult.refused(AuthFailure.PUBLIC_REFUSED);
        }
        if (header instanceof AuthorizationHeader.Basic basic) {
            return basic(principals.byKey(header.key()), basic);
        }
        return signed((AuthorizationHeader.Signed) header, request, now);
    }

    /** Unknown key, Basic refused and wrong secret answer alike, after the same constant-time comparison. */
    private AuthResult<P> basic(Optional<P> principal, AuthorizationHeader.Basic basic) {
        byte[] expected = principal
                .map(p -> principals.credential(p).rawSecret())
                .orElse(DECOY.rawSecret())
                .getBytes(StandardCharsets.UTF_8);
        boolean equal = MessageDigest.isEqual(expected, basic.secret().getBytes(StandardCharsets.UTF_8));
        if (principal.isEmpty()) {
            return AuthResult.refused(AuthFailure.UNKNOWN_KEY);
        }
        if (!principals.allowsBasic(principal.get())) {
            return AuthResult.refused(AuthFailure.BASIC_REFUSED);
        }
        return equal ? AuthResult.authenticated(principal.get()) : AuthResult.refused(AuthFailure.WRONG_SECRET);
    }

    /**
     * The timestamp is judged before the key is looked up, and an unknown key still costs a signature check
     * (against a decoy credential): neither the answer nor its timing says whether a key exists.
     */
    private AuthResult<P> signed(AuthorizationHeader.Signed signed, SignedRequest request, Instant now) {
        if (request.xTimestamp() == null || request.xTimestamp().isBlank()) {
            return AuthResult.refused(AuthFailure.TIMESTAMP_MISSING);
        }
        Instant sent;
        try {
            sent = XTimestamp.parse(request.xTimestamp());
        } catch (DateTimeParseException e) {
            return AuthResult.refused(AuthFailure.TIMESTAMP_INVALID);
        }
        if (Duration.between(sent, now).abs().compareTo(maxClockSkew) > 0) {
            return AuthResult.refused(AuthFailure.TIMESTAMP_SKEWED);
        }
        Optional<P> principal = principals.byKey(signed.key());
        boolean valid = request.verify(principal.map(principals::credential).orElse(DECOY), signed.signature());
        if (principal.isEmpty()) {
            return AuthResult.refused(AuthFailure.UNKNOWN_KEY);
        }
        return valid
                ? AuthResult.signed(principal.get(), signed.signature(), sent.plus(maxClockSkew))
                : AuthResult.refused(AuthFailure.BAD_SIGNATURE);
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }
}
