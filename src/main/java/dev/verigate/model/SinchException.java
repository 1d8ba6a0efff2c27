package dev.verigate.model;

import java.util.Map;

/**
 * A request answered with a Sinch error body. Carries data only (no stack trace): it is thrown on hot
 * paths for ordinary bad input. {@code headers} adds response headers such as {@code Retry-After}.
 */
public class SinchException extends RuntimeException {

    private final int status;
    private final int errorCode;
    private final Map<String, String> headers;
    private final String supportReference;

    public SinchException(int status, int errorCode, String message) {
        this(status, errorCode, message, Map.of());
    }

    public SinchException(int status, int errorCode, String message, Map<String, String> headers) {
        this(status, errorCode, message, headers, null);
    }

    /** An error Sinch answered, relayed unchanged: its own support reference is kept. */
    public SinchException(
            int status, int errorCode, String message, Map<String, String> headers, String supportReference) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.headers = Map.copyOf(headers);
        this.supportReference = supportReference;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public SinchError body() {
        return supportReference == null
                ? SinchError.of(errorCode, getMessage())
                : new SinchError(errorCode, getMessage(), supportReference);
    }

    public static SinchException badRequest(String message) {
        return new SinchException(400, 40001, message);
    }

    public static SinchException notFound() {
        return new SinchException(404, 40400, "Requested resource was not found.");
    }

    public static SinchException forbidden(String message) {
        return new SinchException(403, 40300, message);
    }

    public static SinchException unavailable(String message) {
        return new SinchException(503, 50300, message);
    }
}
