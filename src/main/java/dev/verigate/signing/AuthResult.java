package dev.verigate.signing;

/** The outcome of {@link RequestAuthenticator#authenticate}: a principal, or the reason it was refused. */
public record AuthResult<P>(P principal, AuthFailure failure) {

    static <P> AuthResult<P> authenticated(P principal) {
        return new AuthResult<>(principal, null);
    }

    static <P> AuthResult<P> refused(AuthFailure failure) {
        return new AuthResult<>(null, failure);
    }

    public boolean ok() {
        return failure == null;
    }
}
