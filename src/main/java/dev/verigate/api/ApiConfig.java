package dev.verigate.api;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** The Sinch-compatible API as apps see it. */
@ConfigMapping(prefix = "verigate.api")
interface ApiConfig {

    /**
     * Base URL apps use to reach the gateway (for {@code _links} in start responses), e.g.
     * {@code https://verigate.internal}; by default the scheme and host the request arrived on.
     */
    Optional<URI> publicUrl();
}
