package dev.verigate.ownership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import dev.verigate.upstream.SinchVerifications;
import dev.verigate.upstream.UpstreamCredentials;
import dev.verigate.upstream.UpstreamRejected;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Who owns a verification whose ownership record Redis has forgotten (a restart without persistence, a failover
 * to an empty replica, a flush), as Sinch tells: Sinch still knows the verification, and every start Verigate
 * sends carries a reference in the app's namespace ({@code <app>:<ref>} or {@code <app>~…}). Sinch is asked with
 * the credential the app's verifications go through; when the answer's reference is the app's, the record is
 * written again. What the caller pays for the question (the API charges the app's status quota) is the caller's.
 */
@Singleton
public class SinchOwnership {

    /**
     * Sinch's answer: its status body (empty when it knows no such verification), and the verification if it is
     * the app's (then recorded again).
     */
    public record Answer(Optional<ObjectNode> status, Optional<Verification> owned) {}

    private final SinchVerifications sinch;
    private final UpstreamCredentials credentials;
    private final Ownership ownership;

    SinchOwnership(SinchVerifications sinch, UpstreamCredentials credentials, Ownership ownership) {
        this.sinch = sinch;
        this.credentials = credentials;
        this.ownership = ownership;
    }

    /** The verification with this id; an answer about another id is none of the app's. */
    public Uni<Answer> byId(App app, String id) {
        return ask(app, sinch.statusById(credentials.forApp(app), id), id);
    }

    /** Sinch's latest verification of this method for this number. */
    public Uni<Answer> byIdentity(App app, VerificationMethod method, E164 number) {
        return ask(app, sinch.statusByIdentity(credentials.forApp(app), method.wire(), number.number()), null);
    }

    private Uni<Answer> ask(App app, Uni<ObjectNode> lookup, String id) {
        return lookup.map(status -> new Answer(
                        Optional.of(status),
                        Verification.ownedBy(app.id(), status).filter(v -> id == null || v.id().equals(id))))
                .onFailure(f -> f instanceof UpstreamRejected r && r.status() == 404)
                .recoverWithItem(() -> new Answer(Optional.empty(), Optional.empty()))
                .call(answer -> answer.owned().isPresent()
                        ? ownership.record(answer.owned().get())
                        : Uni.createFrom().voidItem());
    }
}
