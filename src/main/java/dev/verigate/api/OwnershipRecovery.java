package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.limits.Limiter;
import dev.verigate.limits.Permit;
import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.Verification;
import dev.verigate.upstream.SinchOperation;
import dev.verigate.upstream.SinchVerifications;
import dev.verigate.upstream.UpstreamCredentials;
import dev.verigate.upstream.UpstreamRejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who started a verification, when Redis has forgotten it (a restart without persistence, a failover to an empty
 * replica, a flush): Sinch still knows the verification, and every start Verigate sends carries a reference in
 * the app's namespace ({@code <app>:<ref>} or {@code <app>~…}). So a lookup whose ownership record is missing asks
 * Sinch, with the credential the app's verifications go through; when the answer's reference is the caller's,
 * the record is written again and the request goes on, otherwise it is a 404 like any unknown verification.
 *
 * <p>Each such lookup costs the app a status call from its quota ({@code app-status}), so asking about ids it
 * does not own is no cheaper than asking about its own: no oracle. {@code verigate_ownership_recoveries_total}
 * counts them by outcome.
 */
@Singleton
class OwnershipRecovery {

    /** A verification found at Sinch, and what Sinch answered (a status body, usable as the status reply). */
    record Recovered(Verification verification, ObjectNode status, Permit permit) {}

    private final SinchVerifications sinch;
    private final UpstreamCredentials credentials;
    private final Ownership ownership;
    private final Limiter limiter;
    private final MeterRegistry meters;

    OwnershipRecovery(
            SinchVerifications sinch,
            UpstreamCredentials credentials,
            Ownership ownership,
            Limiter limiter,
            MeterRegistry meters) {
        this.sinch = sinch;
        this.credentials = credentials;
        this.ownership = ownership;
        this.limiter = limiter;
        this.meters = meters;
    }

    /** The app's verification with this id, as Sinch knows it, if Sinch has it and its reference is the app's. */
    Uni<Optional<Recovered>> byId(App app, String id) {
        return ask(app, () -> sinch.statusById(credentials.forApp(app), id));
    }

    /** The app's latest verification of this method for this number, if Sinch's latest is the app's. */
    Uni<Optional<Recovered>> byIdentity(App app, VerificationMethod method, E164 number) {
        return ask(app, () -> sinch.statusByIdentity(credentials.forApp(app), method.wire(), number.number()));
    }

    private Uni<Optional<Recovered>> ask(App app, Supplier<Uni<ObjectNode>> lookup) {
        return sinch.available(SinchOperation.STATUS)
                .flatMap(open -> limiter.status(app))
                .flatMap(permit -> lookup.get()
                        .map(status -> {
                            Optional<Verification> owned = Verification.ownedBy(app.id(), status);
                            count(owned.isPresent() ? "recovered" : "foreign");
                            return owned.map(v -> new Recovered(v, status, permit));
                        })
                        .onFailure(f -> f instanceof UpstreamRejected r && r.status() == 404)
                        .recoverWithItem(() -> {
                            count("absent");
                            return Optional.empty();
                        }))
                .call(found -> found.isPresent()
                        ? ownership.record(found.get().verification())
                        : Uni.createFrom().voidItem());
    }

    private void count(String outcome) {
        meters.counter("verigate.ownership.recoveries", "outcome", outcome).increment();
    }
}
