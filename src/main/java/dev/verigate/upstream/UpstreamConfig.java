package dev.verigate.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * Where Sinch is, the gateway's own Sinch credentials, and the fault-tolerance policies applied to
 * every call (each operation — start, report, status — has its own circuit breaker and bulkhead).
 * HTTP connect and read timeouts are {@code quarkus.rest-client.sinch.connect-timeout|read-timeout}.
 */
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

    /** Longest one attempt may take; a later answer is an ambiguous failure (maybe sent, maybe not). */
    @WithDefault("5s")
    Duration timeout();

    /** Longest an operation may take with all its retries. */
    @WithDefault("10s")
    Duration totalTimeout();

    Retry retry();

    CircuitBreaker circuitBreaker();

    Bulkhead bulkhead();

    /** Retries happen only when the call certainly did not take effect (refused, 503, 429/42900). */
    interface Retry {
        /** Retries after the first attempt. */
        @WithDefault("2")
        int maxRetries();

        /** First backoff delay; each further one is {@code factor} times longer, up to {@code max-delay}. */
        @WithDefault("100ms")
        Duration initialDelay();

        @WithDefault("2")
        double factor();

        @WithDefault("2s")
        Duration maxDelay();

        /** Random extra delay, up to this much, so replicas do not retry in step. */
        @WithDefault("50ms")
        Duration jitter();

        /** Longest Retry-After of a Sinch 429 that is waited out; a longer one is answered to the app. */
        @WithDefault("3s")
        Duration maxRetryAfter();
    }

    /** Opens when Sinch fails (5xx, no answer); 4xx answers never count. */
    interface CircuitBreaker {
        /** Calls in the rolling window before the failure ratio is judged. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before half-open probes. */
        @WithDefault("5s")
        Duration delay();

        /** Successful probes that close it again. */
        @WithDefault("2")
        int successThreshold();
    }

    /** Bounds concurrent calls to Sinch per operation; beyond limit + queue, calls are shed with 503. */
    interface Bulkhead {
        @WithDefault("64")
        int limit();

        @WithDefault("256")
        int queue();
    }
}
