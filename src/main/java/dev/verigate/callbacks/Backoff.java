package dev.verigate.callbacks;

import java.time.Duration;

/** Wait before the next delivery attempt: initial × 2^(attempts-1), at most max. */
public record Backoff(Duration initial, Duration max) {

    public long afterMillis(long attempts) {
        if (attempts <= 0) {
            return 0;
        }
        double wait = initial.toMillis() * Math.pow(2, Math.min(attempts - 1, 30));
        return (long) Math.min(wait, max.toMillis());
    }
}
