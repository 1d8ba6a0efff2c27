package dev.verigate.upstream;

import dev.verigate.model.SinchException;
import java.util.Map;

/**
 * Sinch could not be reached, failed (5xx), did not answer in time, or is cut off by the circuit
 * breaker or the bulkhead. Answered 503/50300, or Sinch's own 5xx body relayed unchanged.
 */
public final class UpstreamUnavailable extends SinchException {

    private final boolean mayHaveTakenEffect;

    UpstreamUnavailable(String message, boolean mayHaveTakenEffect) {
        this(message, mayHaveTakenEffect, Map.of());
    }

    UpstreamUnavailable(String message, boolean mayHaveTakenEffect, Map<String, String> headers) {
        super(503, 50300, message, headers);
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    /** Sinch's own 5xx answer, relayed as it came. */
    UpstreamUnavailable(
            int status,
            int errorCode,
            String message,
            Map<String, String> headers,
            String reference,
            boolean mayHaveTakenEffect) {
        super(status, errorCode, message, headers, reference);
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    /**
     * False only when the request certainly did not take effect: the connection was refused, Sinch
     * said 503 (unavailable), or Verigate never sent it (breaker open, bulkhead full). Then a retry
     * cannot send a second code.
     */
    public boolean mayHaveTakenEffect() {
        return mayHaveTakenEffect;
    }
}
