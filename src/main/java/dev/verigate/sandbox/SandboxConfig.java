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
     * Whether the sandbox sends Sinch's signed events (request, result, SMS delivered), as Sinch does for
     * an application with a callback URL. False: nothing is sent and every start is allowed.
     */
    @WithDefault("true")
    boolean callbacksEnabled();

    /**
     * Where the sandbox sends its events (an absolute URL; its path is the signed resource). Absent: this
     * gateway's own event endpoint, at the scheme, host, port and root path the sandbox request arrived on
     * plus {@code verigate.callbacks.path} ({@code /sinch/events} by default).
     */
    Optional<URI> callbackUrl();

    /**
     * How long the sandbox waits for the answer to an event (connect and answer together). A request
     * event without an answer in time denies the verification with {@code Invalid callback}.
     */
    @WithDefault("3s")
    Duration callbackTimeout();

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
