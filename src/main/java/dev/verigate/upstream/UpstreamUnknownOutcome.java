package dev.verigate.upstream;

import dev.verigate.model.SinchException;
import java.util.Map;

/**
 * Whether a start was sent cannot be known now (its answer was lost and Sinch cannot be asked).
 * 503/50300: the app retries with the same Idempotency-Key, and Verigate asks Sinch before sending.
 */
public final class UpstreamUnknownOutcome extends SinchException {

    UpstreamUnknownOutcome() {
        super(
                503,
                50300,
                "The outcome of this start is unknown; retry with the same Idempotency-Key "
                        + "(Verigate asks Sinch before sending again).",
                Map.of("Retry-After", "1"));
    }
}
