package dev.verigate.callbacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.limits.Outcomes;
import dev.verigate.model.SinchException;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.SinchOwnership;
import dev.verigate.ownership.Verification;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * VerificationResultEvent and VerificationSmsDeliveredEvent: only about a verification the owning app really
 * has (its ownership record, else Sinch's own answer about that id, asked with the app's credential: the record
 * may have been lost), else refused with 403. The outcome is recorded (refund of a carrier-side failure,
 * cooldown reset on success), then the event — with the app's own reference — goes into the outbox for the
 * owning app's webhook. Sinch is acknowledged only once it is there.
 */
@Singleton
class ResultEvents {

    private final EventOwners owners;
    private final Ownership ownership;
    private final Outcomes outcomes;
    private final Outbox outbox;
    private final SinchOwnership atSinch;
    private final MeterRegistry meters;

    ResultEvents(
            EventOwners owners,
            Ownership ownership,
            Outcomes outcomes,
            Outbox outbox,
            SinchOwnership atSinch,
            MeterRegistry meters) {
        this.owners = owners;
        this.ownership = ownership;
        this.outcomes = outcomes;
        this.outbox = outbox;
        this.atSinch = atSinch;
        this.meters = meters;
    }

    /** Fails with a 403 {@link SinchException} when the event names no verification of the app it names. */
    Uni<Void> accept(ObjectNode event) {
        Optional<App> owner = owners.owner(event);
        if (owner.isEmpty()) {
            count(event, "unowned");
            return Uni.createFrom().voidItem();
        }
        App app = owner.get();
        return verification(app, event.path("id").asText("")).flatMap(found -> {
            if (found.isEmpty()) {
                count(event, "not-the-apps");
                return Uni.createFrom()
                        .failure(new SinchException(
                                403, 40300, "The event names no verification of the application its reference names."));
            }
            return record(found.get(), event).flatMap(v -> {
                if (app.webhookUrl().isEmpty()) {
                    count(event, "no-webhook");
                    return Uni.createFrom().voidItem();
                }
                return outbox.append(
                                app.id(),
                                eventId(event),
                                EventOwners.forApp(event, app).toString())
                        .invoke(() -> count(event, "queued"));
            });
        });
    }

    /**
     * The id the app sees as {@code X-Verigate-Event-Id}: derived from the verification, the event and its status,
     * so the same event sent again by Sinch (or replayed by an operator) keeps its id and the app can dedupe.
     */
    static String eventId(ObjectNode event) {
        String identity = event.path("id").asText("")
                + '|'
                + event.path("event").asText("")
                + '|'
                + event.path("status").asText("");
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The app's verification with this id: its ownership record, else what Sinch says (and it is recorded again). */
    private Uni<Optional<Verification>> verification(App app, String id) {
        if (id.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return ownership
                .owned(app.id(), id)
                .flatMap(recorded -> recorded.isPresent()
                        ? Uni.createFrom().item(recorded)
                        : atSinch.byId(app, id).map(SinchOwnership.Answer::owned));
    }

    private Uni<Void> record(Verification verification, ObjectNode event) {
        if (!"VerificationResultEvent".equals(event.path("event").asText())) {
            return Uni.createFrom().voidItem();
        }
        String reason = event.path("reason").isTextual() ? event.path("reason").asText() : null;
        return outcomes.observe(verification, event.path("status").asText(""), reason);
    }

    private void count(ObjectNode event, String outcome) {
        meters.counter("verigate.callbacks.events", "event", event.path("event").asText("unknown"), "outcome", outcome)
                .increment();
    }
}
