package dev.verigate.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What a counter of the running gateway has counted so far; 0 before it was first incremented (registered). */
public final class Counted {

    private Counted() {}

    /** The counter {@code name} with these tags ({@code key, value, ...}). */
    public static double count(MeterRegistry meters, String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** The limits' decisions of one rule with one outcome ({@code allowed}, {@code rejected}, {@code shadow}). */
    public static double decisions(MeterRegistry meters, String rule, String outcome) {
        return count(meters, "verigate.limits.decisions", "rule", rule, "outcome", outcome);
    }
}
