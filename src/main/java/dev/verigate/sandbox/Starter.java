package dev.verigate.sandbox;

import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts verifications: applies the number's magic behaviour, makes the code (or the flash call's
 * caller id), stores the verification and delivers it to the number's inbox.
 */
@Singleton
class Starter {

    /** Flash calls come from this Swedish mobile range; the last four digits are random per call. */
    static final String CLI_PREFIX = "+4670111";

    private final VerificationStore store;
    private final SandboxTraffic traffic;
    private final SandboxConfig config;
    private final Clock clock;

    Starter(VerificationStore store, SandboxTraffic traffic, SandboxConfig config, Clock clock) {
        this.store = store;
        this.traffic = traffic;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @throws SinchException 429/42900 or 503/50300 for those magic numbers (nothing is created), 409/40900
     *         for a reference already in use
     */
    Verification start(StartOrder order) {
        Optional<MagicNumber> magic = MagicNumber.of(order.number().number());
        magic.ifPresent(Starter::refuseIfMagic);
        Instant now = clock.instant();
        Verification pending = pending(order, magic, now);
        Verification created = magic.map(m -> outcome(m, pending, now)).orElse(pending);
        store.create(created, now);
        traffic.countStartCreated();
        return created;
    }

    private Verification pending(StartOrder order, Optional<MagicNumber> magic, Instant now) {
        String id = UUID.randomUUID().toString();
        String secret = secret(order);
        boolean delivered = order.method() != VerificationMethod.SEAMLESS
                && magic.map(m -> !m.suppressesDelivery()).orElse(true);
        Instant expiresAt = now.plus(order.expiry() != null ? order.expiry() : config.defaultExpiry());
        return new Verification(id, order.number().number(), order.number().countryId(), order.method(),
                order.reference(), order.custom(), secret, now, expiresAt, Status.PENDING, null, null, now,
                delivered ? Deliveries.of(id, order, secret, now) : null);
    }

    private static void refuseIfMagic(MagicNumber magic) {
        switch (magic) {
            case CAPACITY_EXCEEDED -> throw new SinchException(429, 42900, "Request capacity exceeded.");
            case UNAVAILABLE -> throw SinchException.unavailable(
                    "Service is temporarily unavailable, please try again later.");
            default -> {
                // the others create the verification; see outcome() and the resource
            }
        }
    }

    private static Verification outcome(MagicNumber magic, Verification v, Instant now) {
        return switch (magic) {
            case DENIED -> v.finish(Status.DENIED, Reasons.BLOCKED, null, now);
            case UNREACHABLE -> v.finish(Status.ERROR, Reasons.NETWORK_ERROR, null, now);
            default -> v;
        };
    }

    private static String secret(StartOrder order) {
        return switch (order.method()) {
            case SMS, WHATSAPP -> order.codeType().generate();
            case CALLOUT -> CodeType.NUMERIC.generate();
            case FLASHCALL -> CLI_PREFIX + CodeType.NUMERIC.generate();
            case SEAMLESS -> null;
        };
    }
}
