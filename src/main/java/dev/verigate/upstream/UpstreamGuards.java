package dev.verigate.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The fault-tolerance policy of each upstream operation, built from {@link UpstreamConfig}: bulkhead,
 * per-attempt timeout, circuit breaker, and retries only for calls that certainly did not take effect.
 */
final class UpstreamGuards {

    enum Operation {
        START, REPORT, STATUS;

        String breakerName() {
            return "sinch-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Operation, TypedGuard<Uni<ObjectNode>>> guards = new java.util.EnumMap<>(Operation.class);
    private final UpstreamConfig config;

    UpstreamGuards(UpstreamConfig config) {
        this.config = config;
        for (Operation op : Operation.values()) {
            guards.put(op, build(op));
        }
    }

    /** Runs one upstream call under its operation's policy; FT's own refusals become Sinch errors. */
    Uni<ObjectNode> run(Operation op, java.util.function.Supplier<Uni<ObjectNode>> call) {
        return guards.get(op).get(call).onFailure().transform(this::explain);
    }

    private TypedGuard<Uni<ObjectNode>> build(Operation op) {
        var retry = config.retry();
        var breaker = config.circuitBreaker();
        return TypedGuard.create(new TypeLiteral<Uni<ObjectNode>>() { })
                .withDescription(op.breakerName())
                .withThreadOffload(false)
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .maxDuration(config.totalTimeout().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .whenException(this::certainlyNotTakenEffect)
                    .withCustomBackoff().strategy(() -> new UpstreamBackoff(retry)).done()
                    .done()
                .withCircuitBreaker()
                    .name(op.breakerName())
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(UpstreamGuards::sinchFailed)
                    .done()
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withBulkhead().limit(config.bulkhead().limit()).queueSize(config.bulkhead().queue()).done()
                .build();
    }

    /** Retry only what cannot have sent a code: refused connections, Sinch 503, Sinch 429 within the cap. */
    private boolean certainlyNotTakenEffect(Throwable t) {
        if (t instanceof UpstreamUnavailable u) {
            return !u.mayHaveTakenEffect();
        }
        if (t instanceof UpstreamRejected r && r.throttled()) {
            return r.retryAfterMillis() <= config.retry().maxRetryAfter().toMillis();
        }
        return false;
    }

    /** What counts against the breaker: Sinch failing or silent. Its 4xx answers never do. */
    private static boolean sinchFailed(Throwable t) {
        return t instanceof UpstreamUnavailable || t instanceof TimeoutException;
    }

    private Throwable explain(Throwable t) {
        if (t instanceof CircuitBreakerOpenException) {
            long seconds = Math.max(1, (config.circuitBreaker().delay().toMillis() + 999) / 1000);
            return new UpstreamUnavailable("Sinch is failing; calls are paused, please try again later.", false,
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        if (t instanceof BulkheadException) {
            return new UpstreamUnavailable("Too many calls to Sinch in flight, please try again later.", false,
                    Map.of("Retry-After", "1"));
        }
        if (t instanceof TimeoutException) {
            return new UpstreamUnavailable("Sinch did not answer in time.", true);
        }
        return t;
    }
}
