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

    /**
     * Whether apps that do not say otherwise ({@code verigate.apps."<id>".allow-basic-auth}) may use Basic auth.
     * Off in prod: Basic puts the secret on the wire and cannot be protected against replays. On in dev, for curl.
     */
    @WithDefault("false")
    boolean allowBasicAuth();

    /** Largest accepted request body; larger bodies are refused (413/41390) without being read whole. */
    @WithDefault("64K")
    MemorySize maxBodySize();
}
