package dev.verigate.limits;

import java.time.Duration;

/**
 * Progressive backoff for starts to one number: after the k-th start within the window the next one
 * must wait {@code initial × multiplier^(k-1)}, at most {@code max}. The window restarts after a quiet
 * {@code window}; a successful verification resets it.
 */
public record CooldownPolicy(Duration initial, double multiplier, Duration max, Duration window) {

    /** Refuses settings that would silently disable or distort the cooldown; the boot fails naming the key. */
    public CooldownPolicy {
        String prefix = "verigate.limits.number.cooldown.";
        if (multiplier < 1) {
            throw new IllegalArgumentException(prefix + "multiplier must be at least 1");
        }
        if (initial.isNegative()) {
            throw new IllegalArgumentException(prefix + "initial must not be negative (0 disables the cooldown)");
        }
        if (!initial.isZero()) {
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        prefix + "max (" + max + ") must be at least initial (" + initial + ")");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException(prefix + "window must be longer than 0");
            }
            if (window.compareTo(max) < 0) {
                throw new IllegalArgumentException(prefix + "window (" + window + ") must be at least max (" + max
                        + "): a window shorter than the wait it imposes forgets the starts before the wait is over");
            }
        }
    }

    boolean enabled() {
        return !initial.isZero();
    }

    /** Milliseconds the next start must wait after {@code startsSoFar} starts in the window. */
    /** What is left of the wait after {@code startsSoFar} starts, the last at {@code lastMillis}, at {@code nowMillis}. */
    public long remainingMillis(long startsSoFar, long lastMillis, long nowMillis) {
        return Math.max(0, waitMillis(startsSoFar) - (nowMillis - lastMillis));
    }

    public long waitMillis(long startsSoFar) {
        if (startsSoFar <= 0 || !enabled()) {
            return 0;
        }
        double wait = initial.toMillis() * Math.pow(multiplier, startsSoFar - 1);
        return (long) Math.min(wait, max.toMillis());
    }
}
