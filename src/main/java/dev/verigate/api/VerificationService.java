package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.References;
import dev.verigate.ownership.Verification;
import dev.verigate.upstream.SinchVerifications;
import dev.verigate.upstream.UpstreamCredentials;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * The gateway's side of each Sinch operation: ownership first (an app only ever reaches its own
 * verifications), then Sinch, signed with the app's upstream credential.
 */
@Singleton
class VerificationService {

    /** Sinch ids are UUIDs or digits; anything else cannot be ours and is not looked up. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final SinchVerifications sinch;
    private final Ownership ownership;
    private final UpstreamCredentials credentials;

    VerificationService(SinchVerifications sinch, Ownership ownership, UpstreamCredentials credentials) {
        this.sinch = sinch;
        this.ownership = ownership;
        this.credentials = credentials;
    }

    Uni<ObjectNode> start(App app, ValidStart start, String acceptLanguage) {
        var upstreamRequest = start.request()
                .withReference(start.reference().map(r -> References.upstream(app.id(), r)).orElse(null));
        return sinch.start(credentials.forApp(app), upstreamRequest, acceptLanguage)
                .call(reply -> remember(app, start, reply));
    }

    Uni<ObjectNode> reportById(App app, String id, ValidReport report) {
        return owned(app, id).flatMap(v -> sinch.reportById(credentials.forApp(app), v.id(), report.request()));
    }

    Uni<ObjectNode> reportByIdentity(App app, String endpoint, ValidReport report) {
        E164 number = E164.parse(endpoint);
        return latest(app, report.method(), number)
                .flatMap(v -> sinch.reportById(credentials.forApp(app), v.id(), report.request()));
    }

    Uni<ObjectNode> statusById(App app, String id) {
        return owned(app, id).flatMap(v -> sinch.statusById(credentials.forApp(app), v.id()));
    }

    Uni<ObjectNode> statusByIdentity(App app, String method, String endpoint) {
        VerificationMethod m = VerificationMethod.parse(method).filter(VerificationMethod::reportable)
                .orElseThrow(SinchException::notFound);
        E164 number = E164.parse(endpoint);
        return latest(app, m, number).flatMap(v -> sinch.statusById(credentials.forApp(app), v.id()));
    }

    Uni<ObjectNode> statusByReference(App app, String reference) {
        if (!References.valid(reference)) {
            throw SinchException.notFound();
        }
        return sinch.statusByReference(credentials.forApp(app), References.upstream(app.id(), reference));
    }

    private Uni<Verification> owned(App app, String id) {
        if (!ID.matcher(id).matches()) {
            return Uni.createFrom().failure(SinchException.notFound());
        }
        return ownership.owned(app.id(), id).map(v -> v.orElseThrow(SinchException::notFound));
    }

    private Uni<Verification> latest(App app, VerificationMethod method, E164 number) {
        return ownership.latest(app.id(), method, number.number()).map(v -> v.orElseThrow(SinchException::notFound));
    }

    /**
     * Records ownership of a started verification. Sinch has already sent the code, so a store
     * failure must not turn the start into an error the app would retry (a second code).
     */
    private Uni<Void> remember(App app, ValidStart start, ObjectNode reply) {
        String id = reply.path("id").asText("");
        if (id.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Verification v = new Verification(id, app.id(), start.method(), start.number().number(), start.reference());
        return ownership.record(v).onFailure().invoke(f -> Log.errorf(
                "Could not record ownership of verification %s for app %s (number %s): %s", id, app.id(),
                start.number().masked(), f.toString()))
                .onFailure().recoverWithNull();
    }

}
