package dev.verigate.signing;

import java.time.Instant;

/**
 * The outcome of {@link RequestAuthenticator#authenticate}: a principal, or the reason it was refused. A signed
 * request also carries its signature and until when the same bytes would authenticate again (its x-timestamp
 * plus the allowed skew), for {@link ReplayGuard}; a Basic one has neither.
 */
public record AuthResult<P>(P principal, AuthFailure failure, String signature, Instant replayableUntil) {

    static <P> AuthResult<P> authenticated(P principal) {
        return new AuthResult<>(principal, null, null, null);
    }

    static <P> AuthResult<P> signed(P principal, String signature, Instant replayableUntil) {
        return new AuthResult<>(principal, null, signature, replayableUntil);
    }

    public static <P> AuthResult<P> refused(AuthFailure failure) {
        return new AuthResult<>(null, failure, null, null);
    }

    public boolean ok() {
        return failure == null;
    }
}
