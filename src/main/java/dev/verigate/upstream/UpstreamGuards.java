package dev.verigate.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The fault-tolerance policy of each upstream operation, built from {@link UpstreamConfig}: bulkhead,
 * per-attempt timeout, circuit breaker, and retries only for calls that certainly did not take effect.
 */
final class UpstreamGuards {

    private final Map<SinchOperation, TypedGuard<Uni<ObjectNode>>> guards = new EnumMap<>(SinchOperation.class);
    /** When each operation's breaker last opened (System.nanoTime), or {@link #NEVER}. */
    private final Map<SinchOperation, AtomicLong> openedAt = new EnumMap<>(SinchOperation.class);

    private final UpstreamConfig config;
    private final CircuitBreakerMaintenance breakers;

    private static final long NEVER = Long.MIN_VALUE;

    UpstreamGuards(UpstreamConfig config, CircuitBreakerMaintenance breakers) {
        this.config = config;
        this.breakers = breakers;
        for (SinchOperation op : SinchOperation.values()) {
            openedAt.put(op, new AtomicLong(NEVER));
            guards.put(op, build(op));
        }
    }

    /** Runs one upstream call under its operation's policy; FT's own refusals become Sinch errors. */
    Uni<ObjectNode> run(SinchOperation op, Supplier<Uni<ObjectNode>> call) {
        return guards.get(op).get(call).onFailure().transform(this::explain);
    }

    /**
     * The refusal the breaker would give, when it is open and its delay has not run out: the caller
     * can answer at once, before any other work. Once the delay is over the call goes to the guard,
     * which lets the half-open probes through.
     */
    Optional<UpstreamUnavailable> paused(SinchOperation op) {
        long opened = openedAt.get(op).get();
        if (opened == NEVER) {
            return Optional.empty();
        }
        long left = config.circuitBreaker().delay().toNanos() - (System.nanoTime() - opened);
        if (left <= 0 || breakers.currentState(op.breakerName()) != CircuitBreakerState.OPEN) {
            return Optional.empty(); // half-open, or closed by hand (reset)
        }
        return Optional.of(breakerOpen(TimeUnit.NANOSECONDS.toMillis(left)));
    }

    private TypedGuard<Uni<ObjectNode>> build(SinchOperation op) {
        var retry = config.retry();
        var breaker = config.circuitBreaker();
        return TypedGuard.create(new TypeLiteral<Uni<ObjectNode>>() {})
                .withDescription(op.breakerName())
                .withThreadOffload(false)
                .withRetry()
                .maxRetries(retry.maxRetries())
                .maxDuration(config.totalTimeout().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(this::certainlyNotTakenEffect)
                .withCustomBackoff()
                .strategy(() -> new UpstreamBackoff(retry))
                .done()
                .done()
                .withCircuitBreaker()
                .name(op.breakerName())
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .when(UpstreamGuards::sinchFailed)
                .onStateChange(
                        state -> openedAt.get(op).set(state == CircuitBreakerState.OPEN ? System.nanoTime() : NEVER))
                .done()
                .withTimeout()
                .duration(config.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withBulkhead()
                .limit(config.bulkhead().limit())
                .queueSize(config.bulkhead().queue())
                .done()
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

    /** 503/50300 with Retry-After: the time left until the breaker lets a probe through, in whole seconds. */
    private static UpstreamUnavailable breakerOpen(long millisLeft) {
        long seconds = Math.max(1, (millisLeft + 999) / 1000);
        return new UpstreamUnavailable(
                "Sinch is failing; calls are paused, please try again later.",
                false,
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private Throwable explain(Throwable t) {
        if (t instanceof CircuitBreakerOpenException) {
            return breakerOpen(config.circuitBreaker().delay().toMillis());
        }
        if (t instanceof BulkheadException) {
            return new UpstreamUnavailable(
                    "Too many calls to Sinch in flight, please try again later.", false, Map.of("Retry-After", "1"));
        }
        if (t instanceof TimeoutException) {
            return new UpstreamUnavailable("Sinch did not answer in time.", true);
        }
        return t;
    }
}
