package dev.verigate.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The rehearsal of the request path a replica runs before it reports ready. */
@ConfigMapping(prefix = "verigate.warm-up")
public interface WarmUpConfig {

    /**
     * Rehearsals of the request path (authentication, body parsing, number parsing, a limit decision through
     * Redis) before readiness turns green; 0 makes the replica ready at once.
     */
    @WithDefault("500")
    int rehearsals();
}
