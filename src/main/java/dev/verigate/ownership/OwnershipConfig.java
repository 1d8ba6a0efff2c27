package dev.verigate.ownership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the gateway remembers which app started a verification. */
@ConfigMapping(prefix = "verigate.ownership")
public interface OwnershipConfig {

    /** After this, status and report calls on the verification answer 404 for every app. */
    @WithDefault("24h")
    Duration ttl();
}
