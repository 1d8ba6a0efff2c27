package dev.verigate.limits;

/**
 * What the conversion guard concluded for one start: let through (counted in {@code slot}) or held for
 * {@code waitMillis}; {@code newlyGuarded} when this start's judgement guarded the prefix; the starts and
 * verifications in the window it was judged on; until when the prefix is guarded (0: it is not).
 */
public record GuardOutcome(
        boolean allowed,
        long waitMillis,
        boolean newlyGuarded,
        long starts,
        long verified,
        long slot,
        long guardedUntilMillis) {}
