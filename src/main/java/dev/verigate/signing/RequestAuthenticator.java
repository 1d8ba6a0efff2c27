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
        Optional<P> principal = principals.byKey(header.key());
        if (principal.isEmpty()) {
            return AuthResult.refused(AuthFailure.UNKNOWN_KEY);
        }
        if (header instanceof AuthorizationHeader.Basic basic) {
            return basic(principal.get(), basic);
        }
        return signed(principal.get(), (AuthorizationHeader.Signed) header, request, now);
    }

    private AuthResult<P> basic(P principal, AuthorizationHeader.Basic basic) {
        if (!principals.allowsBasic(principal)) {
            return AuthResult.refused(AuthFailure.BASIC_REFUSED);
        }
        byte[] expected = principals.credential(principal).rawSecret().getBytes(StandardCharsets.UTF_8);
        byte[] presented = basic.secret().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented)
                ? AuthResult.authenticated(principal)
                : AuthResult.refused(AuthFailure.WRONG_SECRET);
    }

    private AuthResult<P> signed(P principal, AuthorizationHeader.Signed signed, SignedRequest request, Instant now) {
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
        return request.verify(principals.credential(principal), signed.signature())
                ? AuthResult.authenticated(principal)
                : AuthResult.refused(AuthFailure.BAD_SIGNATURE);
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }
}
