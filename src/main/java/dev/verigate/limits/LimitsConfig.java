package dev.verigate.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Abuse and rate limits, all tunable from the ConfigMap. Rates are {@code <tokens>/<period>} lists
 * such as {@code 3/10m,10/24h} (see {@link Rate}); per-app overrides live under
 * {@code verigate.apps."<id>".limits.*}.
 */
@ConfigMapping(prefix = "verigate.limits")
public interface LimitsConfig {

    /**
     * What decisions do while Redis is down (no connection can be made, or a probe goes unanswered): decide on
     * per-replica buckets holding 1/n of each limit (n = replicas last counted), or refuse with 503. A Redis that is
     * merely slow is never "down".
     */
    @WithDefault("fail-open")
    OnStoreFailure onStoreFailure();

    /** While Redis is down, how often it is probed; the first probe that succeeds ends the outage. */
    @WithDefault("2s")
    Duration storeRetryAfter();

    /**
     * The time budget of one limit decision, from the write of its first command to Redis. A decision Redis has
     * not answered by then is answered 503/50300 with Retry-After for that request alone; its tokens are given
     * back when Redis answers. It never moves the replica off Redis.
     */
    @WithDefault("250ms")
    Duration storeTimeout();

    /** Redis is down when it does not answer a probe (PING; CLUSTER INFO on a cluster) within this. */
    @WithDefault("1s")
    Duration storeProbeTimeout();

    /** Decisions that may wait on Redis at once per replica; beyond it a request gets 503/50300 at once. */
    @WithDefault("1000")
    int maxInFlight();

    /** How often each replica announces itself in Redis (the count divides the limits while Redis is down). */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Replicas assumed by a replica that never counted them (started while Redis was down). */
    @WithDefault("2")
    int assumedReplicas();

    /** How many keys each replica remembers (bucket proxies, last seen states, fallback buckets). */
    @WithDefault("100000")
    long maxCachedKeys();

    /**
     * Rules that decide in shadow: a request one of them would refuse is let through and counted with outcome
     * {@code shadow} in {@code verigate_limits_decisions_total}, so a new rule can be tried on live traffic first.
     * Names as in the metrics: {@code app-start}, {@code app-report}, {@code app-status}, {@code country-start},
     * {@code number-start}, {@code number-report}, {@code verification-attempts}, {@code cooldown}, {@code blocked}
     * (the country and prefix blocklists), {@code guard}, {@code budget}.
     */
    Optional<List<String>> shadow();

    /** Default per-app rates; each app may override them. */
    AppRates app();

    Country country();

    Number number();

    Verification verification();

    enum OnStoreFailure {
        FAIL_OPEN,
        FAIL_CLOSED
    }

    interface AppRates {
        /** Starts per app. */
        @WithDefault("100/1s")
        String start();

        /** Reports per app. */
        @WithDefault("200/1s")
        String report();

        /** Status lookups per app. */
        @WithDefault("200/1s")
        String status();
    }

    interface Country {
        /** Starts per destination country (all apps together), unless overridden. */
        @WithDefault("50/1s")
        String start();

        /** Per-country start rates by ISO code, e.g. {@code verigate.limits.country.overrides.SE=10/1s}. */
        Map<String, String> overrides();

        /** ISO codes no verification may go to (403/40300). */
        Optional<List<String>> blocked();
    }

    interface Number {
        /** Starts per number. */
        @WithDefault("3/10m,10/24h")
        String start();

        /** Reports per number. */
        @WithDefault("10/10m")
        String report();

        /** E.164 prefixes no verification may go to, e.g. {@code +88216,+4470} (403/40300). */
        Optional<List<String>> blockedPrefixes();

        Cooldown cooldown();
    }

    interface Cooldown {
        /** Wait after the first start before the second; 0 disables the cooldown. */
        @WithDefault("30s")
        Duration initial();

        /** Each further start waits this many times longer than the previous wait. */
        @WithDefault("2")
        double multiplier();

        /** Longest wait. */
        @WithDefault("10m")
        Duration max();

        /** Quiet time after which the count of starts begins again. */
        @WithDefault("24h")
        Duration window();
    }

    interface Verification {
        /** Report attempts per verification (wrong codes before the verification is locked). */
        @WithDefault("5")
        long attempts();
    }
}
