package dev.verigate.model;

/**
 * Error codes only Verigate answers, for conditions Sinch has no code for. Sinch numbers its codes as the HTTP
 * status times 100 plus a small index ({@code 40900} "Reference already defined."); Verigate's own take the
 * indexes 90 to 99 of the same status, so an app or SDK never reads a gateway refusal as one of Sinch's. Every
 * other code Verigate answers means what Sinch means by it (docs/sinch-compatibility.md lists them all).
 */
public final class GatewayCodes {

    /** 401: the same signed request (the same signature) was received before. */
    public static final int SIGNATURE_REPLAYED = 40190;

    /** 409: a request with this Idempotency-Key is still in progress. */
    public static final int IDEMPOTENCY_KEY_IN_FLIGHT = 40990;

    /** 413: the body is larger than {@code verigate.auth.max-body-size}. */
    public static final int BODY_TOO_LARGE = 41390;

    /** 422: this Idempotency-Key was used with another request body. */
    public static final int IDEMPOTENCY_KEY_REUSED = 42290;

    /** 503: Sinch refused the credentials Verigate signs with (Sinch answered 401): the gateway's fault. */
    public static final int UPSTREAM_CREDENTIALS_REFUSED = 50390;

    private GatewayCodes() {}
}
