package dev.verigate.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.signing.Credential;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Starts that never send a user two codes. Every start carries a reference unique to it (Sinch refuses
 * a second start with the same one). When the answer to a start is lost — no answer in time, a reset
 * after the request was written, a 5xx — Sinch is asked by that reference before anything is sent
 * again: found, the start is rebuilt from it; not found, it is sent once more (a 409 then means the
 * first one landed after all, and it is looked up again); if Sinch cannot even be asked, the outcome
 * stays unknown and the app is told to retry with the same Idempotency-Key, which repeats the lookup.
 */
@Singleton
public class ExactlyOnceStart {

    /**
     * A start's answer; {@code recovered} when it was rebuilt from a lookup; {@code earlier} when the verification
     * is an earlier attempt's (this one sent nothing).
     */
    public record Started(ObjectNode body, boolean recovered, boolean earlier) {}

    private final SinchVerifications sinch;
    private final String upstreamBase;

    ExactlyOnceStart(SinchVerifications sinch, UpstreamConfig config) {
        this.sinch = sinch;
        String url = config.url().toString();
        this.upstreamBase = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Sends a start whose reference is set, recovering from a lost answer as described above. */
    public Uni<Started> start(Credential as, ObjectNode request, String acceptLanguage) {
        return send(as, request, acceptLanguage, false);
    }

    /**
     * A start whose reference was derived from its Idempotency-Key, so that only attempts with that key ever use
     * it: when Sinch says the reference is taken, an earlier attempt landed (its record lost with Redis, say), and
     * that verification is the answer, found by reference; nothing is sent again.
     */
    public Uni<Started> startKeyed(Credential as, ObjectNode request, String acceptLanguage) {
        return send(as, request, acceptLanguage, false)
                .onFailure(ExactlyOnceStart::referenceTaken)
                .recoverWithUni(f -> lookup(as, request)
                        .flatMap(found -> found.isPresent()
                                ? Uni.createFrom().item(new Started(found.get().body(), true, true))
                                : Uni.createFrom().failure(f)));
    }

    /** Continues a start whose outcome was unknown: Sinch is asked first, the start sent only if absent. */
    public Uni<Started> resume(Credential as, ObjectNode request, String acceptLanguage) {
        return lookup(as, request)
                .flatMap(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        : send(as, request, acceptLanguage, true));
    }

    private Uni<Started> send(Credential as, ObjectNode request, String acceptLanguage, boolean afterLostAnswer) {
        return sinch.start(as, request, acceptLanguage)
                .map(body -> new Started(body, false, false))
                .onFailure(ExactlyOnceStart::lostAnswer)
                .recoverWithUni(f -> afterLostAnswer
                        ? unknown(f)
                        : lookup(as, request)
                                .flatMap(found -> found.isPresent()
                                        ? Uni.createFrom().item(found.get())
                                        : send(as, request, acceptLanguage, true)))
                .onFailure(f -> afterLostAnswer && referenceTaken(f))
                .recoverWithUni(f -> lookup(as, request)
                        .flatMap(found -> found.isPresent() ? Uni.createFrom().item(found.get()) : unknown(f)));
    }

    /** The verification Sinch holds under this start's reference, if any; fails when Sinch cannot say. */
    private Uni<Optional<Started>> lookup(Credential as, ObjectNode request) {
        return sinch.statusByReference(as, request.path("reference").asText())
                .map(status -> Optional.of(new Started(rebuild(status), true, false)))
                .onFailure(f -> f instanceof UpstreamRejected r && r.status() == 404)
                .recoverWithItem(Optional.empty())
                .onFailure(f -> !(f instanceof UpstreamUnknownOutcome))
                .transform(f -> {
                    Log.warnf("Could not ask Sinch whether a start with a lost answer exists: %s", f.toString());
                    return new UpstreamUnknownOutcome();
                });
    }

    /** What can be rebuilt of a start answer from a status: id, method and the links. */
    private ObjectNode rebuild(ObjectNode status) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String id = status.path("id").asText();
        body.put("id", id);
        body.set("method", status.get("method"));
        String href = upstreamBase + "/verification/v1/verifications/id/" + id;
        var links = body.putArray("_links");
        links.addObject().put("rel", "status").put("href", href).put("method", "GET");
        links.addObject().put("rel", "report").put("href", href).put("method", "PUT");
        return body;
    }

    private static <T> Uni<T> unknown(Throwable cause) {
        Log.warnf("A start's outcome stays unknown: %s", cause.toString());
        return Uni.createFrom().failure(new UpstreamUnknownOutcome());
    }

    /** The answer was lost: the start may or may not have been sent. */
    private static boolean lostAnswer(Throwable f) {
        return f instanceof UpstreamUnavailable u && u.mayHaveTakenEffect();
    }

    private static boolean referenceTaken(Throwable f) {
        return f instanceof UpstreamRejected r && r.status() == 409;
    }
}
