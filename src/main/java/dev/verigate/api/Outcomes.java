package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.limits.Limiter;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.Verification;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Acts on a verification's outcome wherever it shows (status, report, later callbacks): a success
 * resets the number's cooldown; a carrier-side failure Sinch does not charge for gives the number its
 * start token back, once per verification.
 */
@Singleton
public class Outcomes {

    /** Sinch's ERROR reasons (reference §4): not charged. */
    static final Set<String> NOT_CHARGED = Set.of("Internal error", "Network error or number unreachable",
            "SMS delivery failure");

    private final Limiter limiter;
    private final Ownership ownership;

    Outcomes(Limiter limiter, Ownership ownership) {
        this.limiter = limiter;
        this.ownership = ownership;
    }

    public Uni<Void> observe(Verification v, String status, String reason) {
        Uni<Void> effect;
        if ("SUCCESSFUL".equals(status)) {
            effect = limiter.resetCooldown(v.number());
        } else if ("ERROR".equals(status) || reason != null && NOT_CHARGED.contains(reason)) {
            effect = ownership.claimRefund(v.id())
                    .flatMap(first -> first ? limiter.refundStart(v.number()) : Uni.createFrom().voidItem());
        } else {
            return Uni.createFrom().voidItem();
        }
        return effect.onFailure().invoke(f -> Log.warnf("Could not apply the outcome %s of verification %s: %s",
                status, v.id(), f.toString())).onFailure().recoverWithNull();
    }

    Uni<Void> observe(Verification v, ObjectNode reply) {
        String reason = reply.path("reason").isTextual() ? reply.path("reason").asText() : null;
        return observe(v, reply.path("status").asText(""), reason);
    }
}
