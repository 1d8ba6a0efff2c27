package dev.verigate.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;

/** Where the gateway keeps its state. */
@ConfigMapping(prefix = "verigate.store")
public interface StoreConfig {

    /**
     * {@code redis} (shared by every replica; the production default) or {@code local} (in-process,
     * single instance, for dev mode).
     */
    @WithParentName
    @WithDefault("redis")
    Kind kind();

    /**
     * How long one command of the gateway store (ownership, idempotency and replay records) may wait for Redis
     * before the request is answered as if Redis were down.
     */
    @WithDefault("1s")
    Duration timeout();

    /** Writes kept for later while Redis does not take them ({@link WriteBehind}). */
    WriteBehindConfig writeBehind();

    enum Kind {
        REDIS,
        LOCAL
    }

    interface WriteBehindConfig {
        /** Writes kept per replica; beyond, the oldest is dropped (and counted). */
        @WithDefault("10000")
        int capacity();

        /** While Redis does not take writes, how often the oldest kept write is tried again. */
        @WithDefault("1s")
        Duration retryInterval();

        /** How long one kept write may take before it counts as not taken. */
        @WithDefault("1s")
        Duration timeout();
    }
}
