package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.limits.Limiter;
import dev.verigate.limits.Permit;
import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.SinchOwnership;
import dev.verigate.ownership.Verification;
import dev.verigate.upstream.SinchOperation;
import dev.verigate.upstream.SinchVerifications;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who started a verification, when Redis has forgotten it: the lookup asks Sinch ({@link SinchOwnership}), and
 * when the answer's reference is the caller's, the record is written again and the request goes on, otherwise it
 * is a 404 like any unknown verification.
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
    private final SinchOwnership atSinch;
    private final Limiter limiter;
    private final MeterRegistry meters;

    OwnershipRecovery(SinchVerifications sinch, SinchOwnership atSinch, Limiter limiter, MeterRegistry meters) {
        this.sinch = sinch;
        this.atSinch = atSinch;
        this.limiter = limiter;
        this.meters = meters;
    }

    /** The app's verification with this id, as Sinch knows it, if Sinch has it and its reference is the app's. */
    Uni<Optional<Recovered>> byId(App app, String id) {
        return ask(app, () -> atSinch.byId(app, id));
    }

    /** The app's latest verification of this method for this number, if Sinch's latest is the app's. */
    Uni<Optional<Recovered>> byIdentity(App app, VerificationMethod method, E164 number) {
        return ask(app, () -> atSinch.byIdentity(app, method, number));
    }

    private Uni<Optional<Recovered>> ask(App app, Supplier<Uni<SinchOwnership.Answer>> lookup) {
        return sinch.available(SinchOperation.STATUS)
                .flatMap(open -> limiter.status(app))
                .flatMap(permit -> lookup.get().map(answer -> {
                    count(
                            answer.owned().isPresent()
                                    ? "recovered"
                                    : answer.status().isPresent() ? "foreign" : "absent");
                    return answer.owned()
                            .map(v -> new Recovered(v, answer.status().orElseThrow(), permit));
                }));
    }

    private void count(String outcome) {
        meters.counter("verigate.ownership.recoveries", "outcome", outcome).increment();
    }
}
