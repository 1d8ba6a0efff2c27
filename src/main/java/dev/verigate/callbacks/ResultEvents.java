package dev.verigate.callbacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.limits.Outcomes;
import dev.verigate.apps.App;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.Ownership;
import dev.verigate.ownership.Verification;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * VerificationResultEvent and VerificationSmsDeliveredEvent: the outcome is recorded (refund of a
 * carrier-side failure, cooldown reset on success), then the event — with the app's own reference —
 * goes into the outbox for the owning app's webhook. Sinch is acknowledged only once it is there.
 */
@Singleton
class ResultEvents {

    private final EventOwners owners;
    private final Ownership ownership;
    private final Outcomes outcomes;
    private final Outbox outbox;
    private final MeterRegistry meters;

    ResultEvents(EventOwners owners, Ownership ownership, Outcomes outcomes, Outbox outbox, MeterRegistry meters) {
        this.owners = owners;
        this.ownership = ownership;
        this.outcomes = outcomes;
        this.outbox = outbox;
        this.meters = meters;
    }

    Uni<Void> accept(ObjectNode event) {
        Optional<App> owner = owners.owner(event);
        if (owner.isEmpty()) {
            count(event, "unowned");
            return Uni.createFrom().voidItem();
        }
        App app = owner.get();
        return record(app, event).flatMap(v -> {
            if (app.webhookUrl().isEmpty()) {
                count(event, "no-webhook");
                return Uni.createFrom().voidItem();
            }
            return outbox.append(app.id(), UUID.randomUUID().toString(), EventOwners.forApp(event, app).toString())
                    .invoke(() -> count(event, "queued"));
        });
    }

    private Uni<Void> record(App app, ObjectNode event) {
        if (!"VerificationResultEvent".equals(event.path("event").asText())) {
            return Uni.createFrom().voidItem();
        }
        String id = event.path("id").asText("");
        String reason = event.path("reason").isTextual() ? event.path("reason").asText() : null;
        return ownership.owned(app.id(), id)
                .map(found -> found.or(() -> fromEvent(app, event)))
                .flatMap(v -> v.map(x -> outcomes.observe(x, event.path("status").asText(""), reason))
                        .orElse(Uni.createFrom().voidItem()));
    }

    /** When the ownership record is gone, the event itself says enough to refund or reset. */
    private static Optional<Verification> fromEvent(App app, ObjectNode event) {
        String number = event.path("identity").path("endpoint").asText("");
        return VerificationMethod.parse(event.path("method").asText()).filter(m -> !number.isEmpty())
                .map(m -> new Verification(event.path("id").asText(), app.id(), m, number, Optional.empty()));
    }

    private void count(ObjectNode event, String outcome) {
        meters.counter("verigate.callbacks.events", "event", event.path("event").asText("unknown"), "outcome",
                outcome).increment();
    }
}
