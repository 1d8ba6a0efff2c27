package dev.verigate.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Idempotency-Key records of starts, kept per app in the gateway store. */
@ConfigMapping(prefix = "verigate.idempotency")
interface IdempotencyConfig {

    /** How long a completed start's answer is replayed for its key. */
    @WithDefault("24h")
    Duration ttl();

    /** How long a key stays "in flight" if the gateway dies before finishing (then it may be retried). */
    @WithDefault("1m")
    Duration inFlightTtl();
}
