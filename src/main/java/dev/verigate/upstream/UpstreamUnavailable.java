package dev.verigate.upstream;

import dev.verigate.model.SinchException;

/**
 * Sinch could not be reached or did not answer with a usable response. Answered 503/50300; whether
 * the call may have taken effect is recorded for the exactly-once logic.
 */
public final class UpstreamUnavailable extends SinchException {

    private final boolean mayHaveTakenEffect;

    UpstreamUnavailable(String message, boolean mayHaveTakenEffect) {
        super(503, 50300, message);
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    /** False only when the request certainly never reached Sinch (for example, connection refused). */
    public boolean mayHaveTakenEffect() {
        return mayHaveTakenEffect;
    }
}
