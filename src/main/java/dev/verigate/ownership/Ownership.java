package dev.verigate.ownership;

import dev.verigate.model.VerificationMethod;
import dev.verigate.store.GatewayStore;
import dev.verigate.store.WriteBehind;
import dev.verigate.support.Throttled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Which app started each verification, and each app's latest verification per method and number.
 * An app only ever finds its own: lookups are keyed or checked by app id, so another app's
 * verification is indistinguishable from one that does not exist.
 */
@Singleton
public class Ownership {

    private final GatewayStore store;
    private final OwnershipConfig config;
    private final WriteBehind later;
    private final Throttled keptForLater = new Throttled(Duration.ofSeconds(10));

    Ownership(GatewayStore store, OwnershipConfig config, WriteBehind later) {
        this.store = store;
        this.config = config;
        this.later = later;
    }

    /**
     * Records a started verification (its id and the app's latest for that method and number). Never fails: a
     * record Redis does not take now is written when it does ({@link WriteBehind}).
     */
    public Uni<Void> record(Verification v) {
        return write(v).onFailure().recoverWithUni(f -> {
            keptForLater.warn(
                    "Ownership of verification %s kept for later: Redis did not take it (%s)", v.id(), f.toString());
            later.defer("ownership of " + v.id(), () -> write(v));
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> write(Verification v) {
        return Uni.combine()
                .all()
                .unis(
                        store.set(idKey(v.id()), v.encode(), config.ttl()),
                        store.set(latestKey(v.appId(), v.method(), v.number()), v.id(), config.ttl()))
                .discardItems();
    }

    /** The verification with this id if, and only if, the given app started it. */
    public Uni<Optional<Verification>> owned(String appId, String id) {
        return recorded(id).map(v -> v.filter(x -> x.appId().equals(appId)));
    }

    /** The verification with this id, whoever started it, if it is recorded. */
    public Uni<Optional<Verification>> recorded(String id) {
        return store.get(idKey(id)).map(value -> value.map(s -> Verification.decode(id, s)));
    }

    /** The id of the app's most recent verification of this method for this number, if it is recorded. */
    public Uni<Optional<String>> latestId(String appId, VerificationMethod method, String e164) {
        return store.get(latestKey(appId, method, e164));
    }

    /**
     * Claims the one refund a verification may cause; true for the first caller only, so a carrier
     * failure seen on a status, a report and a callback refunds once.
     */
    public Uni<Boolean> claimRefund(String id) {
        return store.setIfAbsent("vg:refund:{" + id + "}", "1", config.ttl());
    }

    /**
     * Claims the one count a verification's success makes in the conversion guard; true for the first caller only,
     * so a success seen on a report, a status and a result event counts once.
     */
    public Uni<Boolean> claimVerified(String id) {
        return store.setIfAbsent("vg:verified:{" + id + "}", "1", config.ttl());
    }

    // Hash tags keep each key on one cluster slot; every key is self-contained (single-key commands).
    private static String idKey(String id) {
        return "vg:own:{" + id + "}";
    }

    private static String latestKey(String appId, VerificationMethod method, String e164) {
        return "vg:latest:{" + e164 + "}:" + appId + ":" + method.wire();
    }
}
