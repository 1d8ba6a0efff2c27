package dev.verigate.limits;

/** A cooldown slot was taken ({@code waitMillis == 0}), or the start must wait that long. */
public record CooldownOutcome(long waitMillis, long startsInWindow) {

    boolean allowed() {
        return waitMillis == 0;
    }
}
