package dev.verigate.limits;

/**
 * When a number may get its next code: now ({@code reason} null), after {@code waitMillis} because of the rule
 * {@code reason} (named as in the metrics: {@code cooldown}, {@code number-start}, …), or never while
 * {@code reason} holds ({@code waitMillis} negative: a blocked destination).
 */
public record Allowance(long waitMillis, String reason) {

    static final Allowance NOW = new Allowance(0, null);

    /** Now when {@code waitMillis} is 0, else after that long because of {@code reason}. */
    static Allowance after(long waitMillis, String reason) {
        return waitMillis == 0 ? NOW : new Allowance(waitMillis, reason);
    }

    static Allowance never(String reason) {
        return new Allowance(-1, reason);
    }

    public boolean allowedNow() {
        return reason == null;
    }

    public boolean never() {
        return waitMillis < 0;
    }

    /** The wait in whole seconds, rounded up (0 when allowed now). */
    public long waitSeconds() {
        return Math.max(0, (waitMillis + 999) / 1000);
    }

    /** The later of the two: what holds a start longest. */
    static Allowance later(Allowance a, Allowance b) {
        if (a.never()) {
            return a;
        }
        if (b.never()) {
            return b;
        }
        return b.waitMillis > a.waitMillis || a.allowedNow() && !b.allowedNow() ? b : a;
    }
}
