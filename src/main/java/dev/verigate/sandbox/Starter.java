package dev.verigate.sandbox;

import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts verifications in Sinch's order (reference §8.1): refuse a failing magic number, refuse a
 * reference in use, ask the request event, then store the verification (aborting the number's pending
 * one), deliver it and send the events that follow.
 */
@Singleton
class Starter {

    /** The stored verification with the order as the request event's answer shaped it. */
    record Started(Verification verification, StartOrder order) {}

    private final VerificationStore store;
    private final SandboxTraffic traffic;
    private final RequestCallback requestCallback;
    private final SandboxEvents events;
    private final SandboxConfig config;
    private final Clock clock;

    Starter(
            VerificationStore store,
            SandboxTraffic traffic,
            RequestCallback requestCallback,
            SandboxEvents events,
            SandboxConfig config,
            Clock clock) {
        this.store = store;
        this.traffic = traffic;
        this.requestCallback = requestCallback;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param callbackUrl where the verification's events go; empty: none are sent and the start is allowed
     * @throws SinchException 429/42900 or 503/50300 for those magic numbers (nothing is created), 409/40900
     *         for a reference already in use (also as the Uni's failure, when another start took it meanwhile)
     */
    Uni<Started> start(StartOrder order, Optional<URI> callbackUrl) {
        Optional<MagicNumber> magic = MagicNumber.of(order.number().number());
        magic.ifPresent(Starter::refuseIfMagic);
        store.requireFreeReference(order.reference());
        String id = UUID.randomUUID().toString();
        return admit(id, order, magic, callbackUrl)
                .map(admission -> create(id, admission, magic, callbackUrl.orElse(null)));
    }

    private Uni<Admission> admit(String id, StartOrder order, Optional<MagicNumber> magic, Optional<URI> callbackUrl) {
        // Sinch blocks a number before it asks the app, and has no request event for data verifications.
        boolean asks = callbackUrl.isPresent()
                && magic.filter(MagicNumber.DENIED::equals).isEmpty()
                && order.method() != VerificationMethod.SEAMLESS;
        return asks
                ? requestCallback.ask(id, order, callbackUrl.get())
                : Uni.createFrom().item(Admission.allow(order));
    }

    private Started create(String id, Admission admission, Optional<MagicNumber> magic, URI callbackUrl) {
        Instant now = clock.instant();
        Verification created = NewVerification.of(id, admission, magic, config.defaultExpiry(), callbackUrl, now);
        Optional<Verification> previous = store.create(created, now);
        traffic.countStartCreated();
        previous.ifPresent(events::result);
        events.started(created);
        return new Started(created, admission.order());
    }

    private static void refuseIfMagic(MagicNumber magic) {
        switch (magic) {
            case CAPACITY_EXCEEDED -> throw new SinchException(429, 42900, "Request capacity exceeded.");
            case UNAVAILABLE ->
                throw SinchException.unavailable("Service is temporarily unavailable, please try again later.");
            default -> {
                // the others create the verification; see NewVerification and the resource
            }
        }
    }
}
