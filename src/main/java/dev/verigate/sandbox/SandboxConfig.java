package dev.verigate.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The Sinch Verification emulator served under {@code /sandbox}: {@code verigate.sandbox.*}. */
@ConfigMapping(prefix = "verigate.sandbox")
public interface SandboxConfig {

    /**
     * Whether the sandbox answers. Read at runtime: when false every path under {@code /sandbox/*}
     * answers 404/40400 with a Sinch error body. True in dev and test, false in prod.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The application key the sandbox accepts (Basic or signed). Absent: {@code verigate.upstream.application-key},
     * so a gateway whose upstream is its own sandbox authenticates without further configuration.
     */
    Optional<String> applicationKey();

    /**
     * The application secret (Base64, like a Sinch dashboard secret) for {@link #applicationKey()}.
     * Absent: {@code verigate.upstream.application-secret}.
     */
    Optional<String> applicationSecret();

    /**
     * Where the sandbox will send its signed Sinch events (request, result, SMS delivered). Not used yet:
     * callbacks come in a later step; the key exists so deployments can already set it.
     */
    Optional<URI> callbackUrl();

    /** How long a start to a number ending in {@code 0504} waits before it answers (a slow upstream). */
    @WithDefault("5s")
    Duration slowDelay();

    /**
     * Whether a wrong code ends the verification. False: the report answers FAIL / {@code Invalid code}
     * but the verification stays PENDING, so the user may try again. True: it becomes FAIL.
     */
    @WithDefault("false")
    boolean wrongCodeTerminal();

    /** Lifetime of a verification whose start gave no {@code smsOptions.expiry}; then FAIL / {@code Expired}. */
    @WithDefault("10m")
    Duration defaultExpiry();
}
