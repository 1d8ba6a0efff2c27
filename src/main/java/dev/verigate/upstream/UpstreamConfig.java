package dev.verigate.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;

/** Where Sinch is and the gateway's own Sinch credentials. */
@ConfigMapping(prefix = "verigate.upstream")
public interface UpstreamConfig {

    /**
     * Sinch base URL, without {@code /verification/v1}: {@code https://verification.api.sinch.com},
     * or this gateway's sandbox ({@code http://host:port/sandbox}).
     */
    @WithDefault("https://verification.api.sinch.com")
    URI url();

    /** Application key of the Sinch Verification app the gateway calls with (required). */
    String applicationKey();

    /** Application secret (Base64, as shown in the Sinch dashboard) for {@link #applicationKey()}. */
    String applicationSecret();
}
