package dev.verigate.signing;

/** Why a request was not authenticated, with the Sinch error code and message it answers (HTTP 401). */
public enum AuthFailure {
    AUTHORIZATION_REQUIRED(40104, "Authorization required."),
    MALFORMED_HEADER(40100, "Invalid authorization header."),
    REPEATED_HEADER(40100, "Invalid authorization: Authorization, x-timestamp and Content-Type may each be sent once."),
    PUBLIC_REFUSED(40107, "Invalid authorization: public authorization is not accepted, sign the request."),
    UNKNOWN_KEY(40107, "Invalid authorization: unknown application key."),
    BASIC_REFUSED(40107, "Invalid authorization: Basic authorization is not allowed for this application."),
    WRONG_SECRET(40107, "Invalid authorization."),
    TIMESTAMP_MISSING(40101, "X-Timestamp required."),
    TIMESTAMP_INVALID(40101, "X-Timestamp is not an ISO-8601 instant."),
    TIMESTAMP_SKEWED(40101, "X-Timestamp is outside the allowed clock skew."),
    BAD_SIGNATURE(40102, "Invalid signature.");

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
