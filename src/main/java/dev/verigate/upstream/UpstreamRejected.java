package dev.verigate.upstream;

import dev.verigate.model.SinchException;
import java.util.Map;

/**
 * Sinch answered with a 4xx: relayed to the app unchanged (status, errorCode, message, reference).
 * Sinch did not act on the request, and such answers never count against the circuit breaker.
 */
public class UpstreamRejected extends SinchException {

    UpstreamRejected(int status, int errorCode, String message, Map<String, String> headers, String reference) {
        super(status, errorCode, message, headers, reference);
    }

    /** Sinch is over capacity (429/42900): worth retrying after its Retry-After. */
    boolean throttled() {
        return status() == 429 && errorCode() == 42900;
    }

    /** Sinch's Retry-After in milliseconds, or -1 when it gave none (or one that is not delta-seconds). */
    long retryAfterMillis() {
        String value = headers().get("Retry-After");
        try {
            return value == null ? -1 : Math.max(0, Long.parseLong(value.strip()) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
