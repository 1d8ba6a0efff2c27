package dev.verigate.limits;

import java.time.Duration;

/**
 * Progressive backoff for starts to one number: after the k-th start within the window the next one
 * must wait {@code initial × multiplier^(k-1)}, at most {@code max}. The window restarts after a quiet
 * {@code window}; a successful verification resets it.
 */
record CooldownPolicy(Duration initial, double multiplier, Duration max, Duration window) {

    CooldownPolicy {
        if (multiplier < 1) {
            throw new IllegalArgumentException("verigate.limits.number.cooldown.multiplier must be at least 1");
        }
    }

    boolean enabled() {
        return !initial.isZero();
    }

    /** Milliseconds the next start must wait after {@code startsSoFar} starts in the window. */
    long waitMillis(long startsSoFar) {
        if (startsSoFar <= 0 || !enabled()) {
            return 0;
        }
        double wait = initial.toMillis() * Math.pow(multiplier, startsSoFar - 1);
        return (long) Math.min(wait, max.toMillis());
    }
}
