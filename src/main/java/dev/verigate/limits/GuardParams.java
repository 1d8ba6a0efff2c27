package dev.verigate.limits;

import java.time.Duration;

/**
 * The conversion guard's settings as the stores apply them, in milliseconds: counts are kept in 60 slots of the
 * window; a prefix with at least {@code minStarts} starts in the window and fewer than {@code minConversion} of them
 * verified is guarded for {@code holdMillis}, its starts let through one per {@code trickleMillis}.
 */
public record GuardParams(
        long slotMillis, long windowMillis, long minStarts, double minConversion, long holdMillis, long trickleMillis) {

    static GuardParams of(Duration window, long minStarts, double minConversion, Duration hold, Rate trickle) {
        long windowMillis = window.toMillis();
        return new GuardParams(
                Math.max(1000, windowMillis / 60),
                windowMillis,
                minStarts,
                minConversion,
                hold.toMillis(),
                Math.max(1, trickle.period().toMillis() / trickle.tokens()));
    }
}
