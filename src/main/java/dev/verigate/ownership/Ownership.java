package dev.verigate.ownership;

import dev.verigate.model.VerificationMethod;
import dev.verigate.store.GatewayStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
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

    Ownership(GatewayStore store, OwnershipConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Records a started verification (its id and the app's latest for that method and number). */
    public Uni<Void> record(Verification v) {
        return Uni.combine().all()
                .unis(store.set(idKey(v.id()), v.encode(), config.ttl()),
                        store.set(latestKey(v.appId(), v.method(), v.number()), v.id(), config.ttl()))
                .discardItems();
    }

    /** The verification with this id if, and only if, the given app started it. */
    public Uni<Optional<Verification>> owned(String appId, String id) {
        return store.get(idKey(id))
                .map(value -> value.map(s -> Verification.decode(id, s)).filter(v -> v.appId().equals(appId)));
    }

    /** The app's most recent verification of this method for this number. */
    public Uni<Optional<Verification>> latest(String appId, VerificationMethod method, String e164) {
        return store.get(latestKey(appId, method, e164))
                .flatMap(id -> id.isEmpty() ? Uni.createFrom().item(Optional.<Verification>empty())
                        : owned(appId, id.get()));
    }

    /**
     * Claims the one refund a verification may cause; true for the first caller only, so a carrier
     * failure seen on a status, a report and a callback refunds once.
     */
    public Uni<Boolean> claimRefund(String id) {
        return store.setIfAbsent("vg:refund:{" + id + "}", "1", config.ttl());
    }

    // Hash tags keep each key on one cluster slot; every key is self-contained (single-key commands).
    private static String idKey(String id) {
        return "vg:own:{" + id + "}";
    }

    private static String latestKey(String appId, VerificationMethod method, String e164) {
        return "vg:latest:{" + e164 + "}:" + appId + ":" + method.wire();
    }
}
