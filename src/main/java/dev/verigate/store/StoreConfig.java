package dev.verigate.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

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

    enum Kind {
        REDIS, LOCAL
    }
}
