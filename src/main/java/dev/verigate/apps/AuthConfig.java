package dev.verigate.apps;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Inbound authentication of the apps. */
@ConfigMapping(prefix = "verigate.auth")
public interface AuthConfig {

    /** Largest accepted difference between a signed request's x-timestamp and the gateway clock. */
    @WithDefault("15m")
    Duration maxClockSkew();

    /** Largest accepted request body; larger bodies are refused (413/41300) without being read whole. */
    @WithDefault("64K")
    MemorySize maxBodySize();
}
