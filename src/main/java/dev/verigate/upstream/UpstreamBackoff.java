package dev.verigate.upstream;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, except after a Sinch 429 with Retry-After: then exactly that long
 * (the retry predicate already refused Retry-After values above the cap).
 */
final class UpstreamBackoff implements CustomBackoffStrategy {

    private final UpstreamConfig.Retry config;
    private int attempt;

    UpstreamBackoff(UpstreamConfig.Retry config) {
        this.config = config;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        if (cause instanceof UpstreamRejected r && r.throttled() && r.retryAfterMillis() >= 0) {
            return r.retryAfterMillis();
        }
        double exponential = config.initialDelay().toMillis() * Math.pow(config.factor(), attempt++);
        long delay = (long) Math.min(exponential, config.maxDelay().toMillis());
        long jitter = config.jitter().toMillis();
        return delay + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
    }
}
