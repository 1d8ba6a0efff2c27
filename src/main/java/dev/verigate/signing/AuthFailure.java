package dev.verigate.signing;

import dev.verigate.model.GatewayCodes;

/**
 * Why a request was not authenticated, with the Sinch error code and message it answers (HTTP 401). The
 * reasons a caller could use to learn which application keys exist (an unknown key, a wrong secret or
 * signature, Basic refused for that key) share one answer; the reason itself is only for the gateway's logs.
 */
public enum AuthFailure {
    AUTHORIZATION_REQUIRED(40104, "Authorization required."),
    MALFORMED_HEADER(40100, "Invalid authorization header."),
    REPEATED_HEADER(40100, "Invalid authorization: Authorization, x-timestamp and Content-Type may each be sent once."),
    PUBLIC_REFUSED(40107, "Invalid authorization: public authorization is not accepted, sign the request."),
    UNKNOWN_KEY(Codes.REJECTED, Codes.REJECTED_MESSAGE),
    BASIC_REFUSED(Codes.REJECTED, Codes.REJECTED_MESSAGE),
    WRONG_SECRET(Codes.REJECTED, Codes.REJECTED_MESSAGE),
    BAD_SIGNATURE(Codes.REJECTED, Codes.REJECTED_MESSAGE),
    TIMESTAMP_MISSING(40101, "X-Timestamp required."),
    TIMESTAMP_INVALID(40101, "X-Timestamp is not an ISO-8601 instant."),
    TIMESTAMP_SKEWED(40101, "X-Timestamp is outside the allowed clock skew."),
    REPLAYED(
            GatewayCodes.SIGNATURE_REPLAYED,
            "Invalid authorization: this signed request was already received; sign each request anew.");

    private static final class Codes {
        static final int REJECTED = 40107;
        static final String REJECTED_MESSAGE = "Invalid authorization.";
    }

    private final int errorCode;
    private final String message;

    AuthFailure(int errorCode, String message) {
        this.errorCode = errorCode;
        this.message = message;
    }

    public int errorCode() {
        return errorCode;
    }

    public String message() {
        return message;
    }
}
