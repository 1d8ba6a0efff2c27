package dev.verigate.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The conversion guard against SMS pumping (docs/fraud.md): per destination prefix, the starts sent and the
 * verifications that succeeded over a sliding window, shared by every replica. A prefix with enough starts and too
 * few of them verified is guarded: its starts are let through at the trickle rate, the rest refused with 429/42900.
 */
@ConfigMapping(prefix = "verigate.guard")
public interface GuardConfig {

    @WithDefault("true")
    boolean enabled();

    /** Digits after the country calling code that make a prefix: 3 makes {@code +44791} of {@code +447911123456}. */
    @WithDefault("3")
    int prefixLength();

    /** The sliding window the starts and verifications are counted over (in 60 slots). */
    @WithDefault("1h")
    Duration window();

    /** Starts a prefix needs in the window before its conversion is judged. */
    @WithDefault("50")
    int minStarts();

    /** The share of a prefix's starts that must be verified; below it, with enough starts, it is guarded. */
    @WithDefault("0.1")
    double minConversion();

    /** The starts a guarded prefix is let through at, e.g. {@code 1/1m} (spaced evenly: one per minute). */
    @WithDefault("1/1m")
    String rate();

    /** How long a prefix stays guarded before it is judged again, unless its conversion returns first. */
    @WithDefault("1h")
    Duration hold();

    /** Apps whose starts the guard neither counts nor holds (trusted flows). */
    Optional<List<String>> exemptApps();
}
