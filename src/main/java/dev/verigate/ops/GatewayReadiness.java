package dev.verigate.ops;

import dev.verigate.limits.Limiter;
import dev.verigate.limits.LimitsConfig;
import dev.verigate.store.StoreConfig;
import dev.verigate.upstream.SinchOperation;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the warm-up rehearsals are done ({@link WarmUp}), unless Redis is unreachable with
 * {@code on-store-failure=fail-closed} (then the pod could only answer 503). Reachability is the limits' own
 * judgement (a refused connection or an unanswered probe, never a slow answer), so a busy pod does not take
 * itself out of service. In fail-open mode an outage shows here as a detail, not as "not ready". The upstream
 * breakers' states are reported, never fatal: Sinch failing is not this pod's fault.
 */
@Readiness
@Singleton
class GatewayReadiness implements HealthCheck {

    private final StoreConfig store;
    private final LimitsConfig limits;
    private final Limiter limiter;
    private final WarmUp warmUp;
    private final CircuitBreakerMaintenance breakers;

    GatewayReadiness(
            StoreConfig store,
            LimitsConfig limits,
            Limiter limiter,
            WarmUp warmUp,
            CircuitBreakerMaintenance breakers) {
        this.store = store;
        this.limits = limits;
        this.limiter = limiter;
        this.warmUp = warmUp;
        this.breakers = breakers;
    }

    private String breakerState(String name) {
        try {
            return breakers.currentState(name).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notYetUsed) {
            return "closed"; // created with the first upstream call
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("verigate")
                .up()
                .withData("store", store.kind().name().toLowerCase(Locale.ROOT))
                .withData("warm-up", warmUp.done() ? "done" : warmUp.progress());
        for (SinchOperation op : SinchOperation.values()) {
            health.withData("upstream." + op.breakerName(), breakerState(op.breakerName()));
        }
        if (!warmUp.done()) {
            health.down();
        }
        String limitsStore = limiter.store();
        if (!"local".equals(limitsStore)) {
            boolean down = "down".equals(limitsStore);
            health.withData("redis", down ? "down: unreachable" : "up");
            if (down && limits.onStoreFailure() == LimitsConfig.OnStoreFailure.FAIL_CLOSED) {
                health.down();
            }
        }
        return health.build();
    }
}
