package dev.verigate.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.Verification;
import dev.verigate.store.WriteBehind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
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

    private final PriceBook prices;
    private final AppRegistry apps;

    Outcomes(Limiter limiter, Ownership ownership, WriteBehind later, PriceBook prices, AppRegistry apps) {
        this.limiter = limiter;
        this.ownership = ownership;
        this.later = later;
        this.prices = prices;
        this.apps = apps;
    }

    /**
     * Sinch named what a verification of {@code app}'s costs (a status answer's {@code price.verificationPrice}, an
     * event's {@code price}): learned for the next estimates, and the start's charge to the app's budget settled,
     * once. Never fails.
     */
    public Uni<Void> priced(App app, String upstreamReference, String number, String method, JsonNode price) {
        JsonNode amount = price.has("verificationPrice") ? price.path("verificationPrice") : price;
        Optional<VerificationMethod> m = VerificationMethod.parse(method);
        if (m.isEmpty() || !amount.path("amount").isNumber()) {
            return Uni.createFrom().voidItem();
        }
        String country;
        try {
            country = E164.parse(number).countryId();
        } catch (SinchException notANumber) {
            return Uni.createFrom().voidItem();
        }
        Optional<Long> micros = prices.learn(country, m.get(), amount);
        if (micros.isEmpty() || upstreamReference == null || upstreamReference.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return limiter.settle(app, upstreamReference, micros.get());
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

    /** The outcome a status or report answer shows, and the price it names. */
    public Uni<Void> observe(Verification v, ObjectNode reply) {
        String reason = reply.path("reason").isTextual() ? reply.path("reason").asText() : null;
        Uni<Void> outcome = observe(v, reply.path("status").asText(""), reason);
        Optional<App> app = apps.byId(v.appId());
        if (app.isEmpty() || !reply.has("price")) {
            return outcome;
        }
        return outcome.call(() -> priced(
                app.get(),
                reply.path("reference").asText(""),
                v.number(),
                v.method().wire(),
                reply.path("price")));
    }
}
