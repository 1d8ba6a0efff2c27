package dev.verigate.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.E164;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.Verification;
import dev.verigate.store.WriteBehind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Acts on a verification's outcome wherever it shows (status, report, later callbacks): a success
 * resets the number's cooldown; a carrier-side failure Sinch does not charge for gives the number its
 * start token back, once per verification. What Redis cannot take now is written when it can
 * ({@link WriteBehind}): a refund whose claim fails is kept whole (claim, then give-back).
 */
@Singleton
public class Outcomes {

    /** Sinch's ERROR reasons (reference §4): not charged. */
    static final Set<String> NOT_CHARGED =
            Set.of("Internal error", "Network error or number unreachable", "SMS delivery failure");

    private final Limiter limiter;
    private final Ownership ownership;
    private final WriteBehind later;

    Outcomes(Limiter limiter, Ownership ownership, WriteBehind later) {
        this.limiter = limiter;
        this.ownership = ownership;
        this.later = later;
    }

    public Uni<Void> observe(Verification v, String status, String reason) {
        if ("SUCCESSFUL".equals(status)) {
            return limiter.resetCooldown(v.number()).call(() -> countVerified(v));
        }
        if ("ERROR".equals(status) || reason != null && NOT_CHARGED.contains(reason)) {
            return refund(v).onFailure().recoverWithUni(f -> {
                Log.warnf("The refund of verification %s is kept for later: %s", v.id(), f.toString());
                later.defer("refund of " + v.id(), () -> refund(v));
                return Uni.createFrom().voidItem();
            });
        }
        return Uni.createFrom().voidItem();
    }

    /** The guard counts a verification's success once, for its number's prefix; best effort. */
    private Uni<Void> countVerified(Verification v) {
        if (!limiter.guarding()) {
            return Uni.createFrom().voidItem();
        }
        return ownership
                .claimVerified(v.id())
                .flatMap(first -> first
                        ? limiter.verified(E164.parse(v.number()))
                        : Uni.createFrom().voidItem())
                .onFailure()
                .recoverWithUni(f -> {
                    Log.debugf("The guard did not count verification %s: %s", v.id(), f.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> refund(Verification v) {
        return ownership
                .claimRefund(v.id())
                .flatMap(first -> first
                        ? limiter.refundStart(v.number())
                        : Uni.createFrom().voidItem());
    }

    /** The outcome a status or report answer shows. */
    public Uni<Void> observe(Verification v, ObjectNode reply) {
        String reason = reply.path("reason").isTextual() ? reply.path("reason").asText() : null;
        return observe(v, reply.path("status").asText(""), reason);
    }
}
