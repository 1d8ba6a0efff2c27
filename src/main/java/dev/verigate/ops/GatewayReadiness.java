package dev.verigate.ops;

import dev.verigate.limits.LimitsConfig;
import dev.verigate.store.StoreConfig;
import dev.verigate.upstream.SinchOperation;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready unless Redis is unreachable with {@code on-store-failure=fail-closed} (then the pod could only
 * answer 503). In fail-open mode a Redis outage shows here as a detail, not as "not ready". The
 * upstream breakers' states are reported, never fatal: Sinch failing is not this pod's fault.
 */
@Readiness
@Singleton
class GatewayReadiness implements AsyncHealthCheck {

    private final StoreConfig store;
    private final LimitsConfig limits;
    private final Instance<Redis> redis;
    private final CircuitBreakerMaintenance breakers;

    GatewayReadiness(StoreConfig store, LimitsConfig limits, Instance<Redis> redis,
            CircuitBreakerMaintenance breakers) {
        this.store = store;
        this.limits = limits;
        this.redis = redis;
        this.breakers = breakers;
    }

    private String breakerState(String name) {
        try {
            return breakers.currentState(name).name().toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException notYetUsed) {
            return "closed"; // created with the first upstream call
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("verigate").up()
                .withData("store", store.kind().name().toLowerCase(java.util.Locale.ROOT));
        for (SinchOperation op : SinchOperation.values()) {
            health.withData("upstream." + op.breakerName(), breakerState(op.breakerName()));
        }
        if (store.kind() != StoreConfig.Kind.REDIS) {
            return Uni.createFrom().item(health.build());
        }
        boolean failClosed = limits.onStoreFailure() == LimitsConfig.OnStoreFailure.FAIL_CLOSED;
        return redis.get().send(Request.cmd(Command.PING)).ifNoItem().after(Duration.ofSeconds(1)).fail()
                .map(pong -> health.withData("redis", "up").build())
                .onFailure().recoverWithItem(f -> (failClosed ? health.down() : health)
                        .withData("redis", "down: " + f.getClass().getSimpleName()).build());
    }
}
