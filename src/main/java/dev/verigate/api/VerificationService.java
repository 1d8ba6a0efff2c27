package dev.verigate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.http.SinchErrorResponses;
import dev.verigate.limits.Limiter;
import dev.verigate.limits.Outcomes;
import dev.verigate.limits.Permit;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.References;
import dev.verigate.ownership.Verification;
import dev.verigate.upstream.ExactlyOnceStart;
import dev.verigate.upstream.SinchOperation;
import dev.verigate.upstream.SinchVerifications;
import dev.verigate.upstream.UpstreamCredentials;
import dev.verigate.upstream.UpstreamCredentialsRefused;
import dev.verigate.upstream.UpstreamRejected;
import dev.verigate.upstream.UpstreamUnavailable;
import dev.verigate.upstream.UpstreamUnknownOutcome;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The gateway's side of each Sinch operation, in this order: ownership (an app only ever reaches its
 * own verifications), the breaker (while it is open the answer is an immediate 503), limits, then
 * Sinch signed with the app's upstream credential. What a request
 * took from the limits is given back when Sinch certainly did not act on it.
 */
@Singleton
class VerificationService {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sinch ids are UUIDs or digits; anything else cannot be ours and is not looked up. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final SinchVerifications sinch;
    private final Ownership ownership;
    private final UpstreamCredentials credentials;
    private final Limiter limiter;
    private final Outcomes outcomes;
    private final ExactlyOnceStart exactlyOnce;
    private final Idempotency idempotency;
    private final OwnershipRecovery recovery;

    VerificationService(
            SinchVerifications sinch,
            Ownership ownership,
            UpstreamCredentials credentials,
            Limiter limiter,
            Outcomes outcomes,
            ExactlyOnceStart exactlyOnce,
            Idempotency idempotency,
            OwnershipRecovery recovery) {
        this.sinch = sinch;
        this.ownership = ownership;
        this.credentials = credentials;
        this.limiter = limiter;
        this.outcomes = outcomes;
        this.exactlyOnce = exactlyOnce;
        this.idempotency = idempotency;
        this.recovery = recovery;
    }

    /**
     * A start, exactly once: every start carries an upstream reference (the app's, namespaced, or
     * Verigate's own derived from the Idempotency-Key), so a lost answer is recovered by asking Sinch.
     */
    Uni<Reply> start(
            App app, ValidStart start, String acceptLanguage, Optional<String> idempotencyKey, byte[] rawBody) {
        String reference = start.reference()
                .map(r -> References.upstream(app.id(), r))
                .orElseGet(() -> References.gatewayOwned(app.id(), idempotencyKey.orElse(null)));
        ObjectNode request = start.upstream(reference);
        if (idempotencyKey.isEmpty()) {
            return limitedStart(app, start, request, acceptLanguage, false, false);
        }
        boolean keyedReference = start.reference().isEmpty();
        return idempotency.claim(app, idempotencyKey.get(), rawBody).flatMap(claim -> {
            if (claim instanceof Idempotency.Claim.Replay replay) {
                return Uni.createFrom().item(() -> replayed(replay));
            }
            boolean resume = claim instanceof Idempotency.Claim.Resume;
            String fingerprint = claim instanceof Idempotency.Claim.Fresh f
                    ? f.fingerprint()
                    : ((Idempotency.Claim.Resume) claim).fingerprint();
            return idempotent(
                    app,
                    idempotencyKey.get(),
                    fingerprint,
                    limitedStart(app, start, request, acceptLanguage, resume, keyedReference));
        });
    }

    private Uni<Reply> limitedStart(
            App app,
            ValidStart start,
            ObjectNode request,
            String acceptLanguage,
            boolean resume,
            boolean keyedReference) {
        var as = credentials.forApp(app);
        if (resume) {
            // The same start as the attempt whose outcome was lost, which kept its tokens: not charged again.
            return exactlyOnce
                    .resume(as, request, acceptLanguage)
                    .call(s -> remember(app, start, s.body()))
                    .map(s -> started(s, Map.of()));
        }
        return permit(
                        SinchOperation.START,
                        () -> limiter.start(
                                app,
                                start.number(),
                                start.method(),
                                request.path("reference").asText()))
                .flatMap(permit -> releasedIfNoEffect(
                                permit,
                                keyedReference
                                        ? exactlyOnce.startKeyed(as, request, acceptLanguage)
                                        : exactlyOnce.start(as, request, acceptLanguage))
                        // An earlier attempt's verification: this request sent nothing and takes nothing.
                        .call(s -> s.earlier()
                                ? permit.release()
                                : Uni.createFrom().voidItem())
                        .call(s -> remember(app, start, s.body()))
                        .map(s -> started(s, permit.headers())));
    }

    private static Reply started(ExactlyOnceStart.Started started, Map<String, String> headers) {
        Reply reply = new Reply(started.body(), headers);
        if (started.earlier()) {
            reply = reply.withHeader("Idempotent-Replayed", "true");
        }
        return started.recovered() ? reply.withHeader("Verigate-Recovered", "true") : reply;
    }

    /**
     * Records the outcome of a keyed start: its answer to replay, an unknown outcome, or nothing. The record
     * is best effort: when the store fails meanwhile (Redis died after the claim), the app still gets the
     * start's own outcome — a 200 whose code Sinch already sent must not become an error.
     */
    private Uni<Reply> idempotent(App app, String key, String fingerprint, Uni<Reply> work) {
        return work.call(reply -> bestEffort(idempotency.done(
                        app, key, fingerprint, 200, reply.body().toString())))
                .onFailure()
                .call(f -> bestEffort(record(app, key, fingerprint, f)));
    }

    private Uni<Void> record(App app, String key, String fingerprint, Throwable failure) {
        if (failure instanceof UpstreamUnknownOutcome) {
            return idempotency.unknown(app, key, fingerprint);
        }
        if (failure instanceof UpstreamRejected r) {
            return idempotency.done(app, key, fingerprint, r.status(), SinchErrorResponses.json(r.body()));
        }
        return idempotency.forget(app, key);
    }

    private static Uni<Void> bestEffort(Uni<Void> record) {
        return record.onFailure()
                .invoke(f -> Log.warnf("Could not record an Idempotency-Key outcome: %s", f.toString()))
                .onFailure()
                .recoverWithNull();
    }

    Uni<Reply> reportById(App app, String id, ValidReport report) {
        return found(app, id).flatMap(f -> report(app, f.verification(), report));
    }

    Uni<Reply> reportByIdentity(App app, String endpoint, ValidReport report) {
        E164 number = E164.parse(endpoint);
        return latest(app, report.method(), number).flatMap(f -> report(app, f.verification(), report));
    }

    Uni<Reply> statusById(App app, String id) {
        return found(app, id).flatMap(f -> status(app, f));
    }

    Uni<Reply> statusByIdentity(App app, String method, String endpoint) {
        VerificationMethod m = VerificationMethod.ofLookup(method);
        E164 number = E164.parse(endpoint);
        return latest(app, m, number).flatMap(f -> status(app, f));
    }

    Uni<Reply> statusByReference(App app, String reference) {
        if (!References.valid(reference)) {
            return Uni.createFrom().failure(SinchException.notFound());
        }
        return permit(SinchOperation.STATUS, () -> limiter.status(app))
                .flatMap(permit -> guarded(
                        permit,
                        sinch.statusByReference(credentials.forApp(app), References.upstream(app.id(), reference))
                                .call(reply -> ownership
                                        .owned(app.id(), reply.path("id").asText(""))
                                        .flatMap(v -> v.map(x -> outcomes.observe(x, reply))
                                                .orElse(Uni.createFrom().voidItem())))));
    }

    private Uni<Reply> report(App app, Verification v, ValidReport report) {
        if (report.method() != v.method()) {
            // Sinch refuses it with this 400; the ownership record already knows, so Sinch is not asked.
            return Uni.createFrom()
                    .failure(SinchException.badRequest(
                            "Method '" + report.method().wire() + "' does not match the verification's method '"
                                    + v.method().wire() + "'."));
        }
        return permit(SinchOperation.REPORT, () -> limiter.report(app, v.number(), v.id()))
                .flatMap(permit -> guarded(
                        permit,
                        sinch.reportById(credentials.forApp(app), v.id(), report.forwarded())
                                .call(reply -> outcomes.observe(v, reply))));
    }

    /** The status: Sinch's answer to the recovery when there was one (it was just asked), else asked now. */
    private Uni<Reply> status(App app, Found found) {
        Verification v = found.verification();
        if (found.recovered() != null) {
            OwnershipRecovery.Recovered r = found.recovered();
            return outcomes.observe(v, r.status())
                    .replaceWith(new Reply(r.status(), r.permit().headers()));
        }
        return permit(SinchOperation.STATUS, () -> limiter.status(app))
                .flatMap(permit -> guarded(
                        permit,
                        sinch.statusById(credentials.forApp(app), v.id()).call(reply -> outcomes.observe(v, reply))));
    }

    /** What the limits allow for a call Sinch will get; none is taken while the operation's breaker is open. */
    private Uni<Permit> permit(SinchOperation op, Supplier<Uni<Permit>> limits) {
        return sinch.available(op).flatMap(open -> limits.get());
    }

    /** The reply with the permit's headers; the permit is given back when Sinch certainly did nothing. */
    private static Uni<Reply> guarded(Permit permit, Uni<ObjectNode> call) {
        return releasedIfNoEffect(permit, call).map(body -> new Reply(body, permit.headers()));
    }

    /** Gives the permit back when Sinch certainly did not act on the call (refused it, or never got it). */
    private static <T> Uni<T> releasedIfNoEffect(Permit permit, Uni<T> call) {
        return call.onFailure(VerificationService::certainlyNoEffect).call(f -> permit.release());
    }

    /** The stored answer of a keyed start, again: the same status and body. */
    private static Reply replayed(Idempotency.Claim.Replay replay) {
        var body = new JsonObject(replay.body());
        if (replay.status() >= 400) {
            throw new SinchException(
                    replay.status(),
                    body.getInteger("errorCode"),
                    body.getString("message"),
                    Map.of("Idempotent-Replayed", "true"),
                    body.getString("reference"));
        }
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(replay.body());
            return new Reply(node, Map.of("Idempotent-Replayed", "true"));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable idempotency record", e);
        }
    }

    private static boolean certainlyNoEffect(Throwable f) {
        return f instanceof UpstreamRejected
                || f instanceof UpstreamCredentialsRefused
                || f instanceof UpstreamUnavailable u && !u.mayHaveTakenEffect();
    }

    /** A verification of the app's: from its ownership record, or, when Redis lost it, recovered from Sinch. */
    private record Found(Verification verification, OwnershipRecovery.Recovered recovered) {}

    /**
     * The app's verification with this id. Another app's (its record says so) is a 404 that never reaches Sinch;
     * one without a record is asked of Sinch ({@link OwnershipRecovery}).
     */
    private Uni<Found> found(App app, String id) {
        if (!ID.matcher(id).matches()) {
            return Uni.createFrom().failure(SinchException.notFound());
        }
        return ownership.recorded(id).flatMap(recorded -> {
            if (recorded.isPresent()) {
                return recorded.filter(v -> v.appId().equals(app.id()))
                        .map(v -> Uni.createFrom().item(new Found(v, null)))
                        .orElseGet(() -> Uni.createFrom().failure(SinchException.notFound()));
            }
            return recovered(recovery.byId(app, id));
        });
    }

    /** The app's latest verification of this method for this number: recorded, or recovered from Sinch. */
    private Uni<Found> latest(App app, VerificationMethod method, E164 number) {
        return ownership
                .latestId(app.id(), method, number.number())
                .flatMap(id ->
                        id.isPresent() ? found(app, id.get()) : recovered(recovery.byIdentity(app, method, number)));
    }

    private static Uni<Found> recovered(Uni<Optional<OwnershipRecovery.Recovered>> lookup) {
        return lookup.map(r -> r.map(x -> new Found(x.verification(), x)).orElseThrow(SinchException::notFound));
    }

    /**
     * Records ownership of a started verification. Sinch has already sent the code, so a store failure must not
     * turn the start into an error the app would retry (a second code): the record is written later
     * ({@link Ownership#record}), and until then a lookup recovers it from Sinch.
     */
    private Uni<Void> remember(App app, ValidStart start, ObjectNode reply) {
        String id = reply.path("id").asText("");
        if (id.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ownership.record(
                new Verification(id, app.id(), start.method(), start.number().number(), start.reference()));
    }
}
