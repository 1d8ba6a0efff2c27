package dev.verigate.upstream;

import java.util.Locale;

/** The upstream operations that each have their own fault-tolerance policy and circuit breaker. */
public enum SinchOperation {
    START,
    REPORT,
    STATUS;

    /** The breaker's name, as shown in readiness and metrics: {@code sinch-start}, {@code sinch-report}, … */
    public String breakerName() {
        return "sinch-" + name().toLowerCase(Locale.ROOT);
    }
}
