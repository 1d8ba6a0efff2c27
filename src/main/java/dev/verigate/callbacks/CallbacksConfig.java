package dev.verigate.callbacks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Sinch's events in, apps' webhooks out. */
@ConfigMapping(prefix = "verigate.callbacks")
public interface CallbacksConfig {

    /** Path of the one callback URL to set in the Sinch dashboard. */
    @WithDefault("/sinch/events")
    String path();

    /** Largest accepted difference between an event's x-timestamp and the gateway clock. */
    @WithDefault("15m")
    Duration maxClockSkew();

    /** How long an app's request webhook may take to allow or deny a verification. */
    @WithDefault("2s")
    Duration requestTimeout();

    /** The decision when an app's request webhook fails or is late. */
    @WithDefault("allow")
    Decision defaultDecision();

    Delivery delivery();

    /** Events that could not be delivered, kept for operators (GET/replay under /admin/callbacks). */
    DeadLetters deadLetters();

    /** Bearer token for the operator endpoints under /admin; those endpoints are off without it. */
    Optional<String> adminToken();

    enum Decision {
        ALLOW,
        DENY
    }

    /** Bounds of the dead-letter stream: beyond either, the oldest dead letters are dropped. */
    interface DeadLetters {
        /** Dead letters kept at most. */
        @WithDefault("10000")
        int max();

        /** Dead letters older than this are dropped. */
        @WithDefault("14d")
        Duration maxAge();
    }

    /** Delivery of result events to app webhooks through the outbox. */
    interface Delivery {
        /** After this age an undelivered event goes to the dead-letter stream. */
        @WithDefault("24h")
        Duration maxAge();

        /** Wait before the second attempt; each further wait doubles, up to {@code max-backoff}. */
        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /** How often each replica looks for events to deliver. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long one webhook call may take. */
        @WithDefault("5s")
        Duration timeout();

        /** Events taken per poll. */
        @WithDefault("32")
        int batch();
    }
}
