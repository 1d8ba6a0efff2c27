package dev.verigate.sandbox;

import dev.verigate.model.VerificationMethod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes the verification a start stores: its code (or the flash call's caller id) unless the request
 * event's answer chose one, what reached the number's inbox, and the outcome a denial or a magic number
 * gives it from the start.
 */
final class NewVerification {

    /** Flash calls come from this Swedish mobile range; the last four digits are random per call. */
    static final String CLI_PREFIX = "+4670111";

    private NewVerification() {}

    static Verification of(
            String id,
            Admission admission,
            Optional<MagicNumber> magic,
            Duration defaultExpiry,
            URI callbackUrl,
            Instant now) {
        StartOrder order = admission.order();
        String secret = admission.secret() != null ? admission.secret() : secret(order);
        boolean delivered = order.method() != VerificationMethod.SEAMLESS
                && admission.allowed()
                && magic.map(m -> !m.suppressesDelivery()).orElse(true);
        Instant expiresAt = now.plus(order.expiry() != null ? order.expiry() : defaultExpiry);
        Verification pending = new Verification(
                id,
                order.number().number(),
                order.number().countryId(),
                order.method(),
                order.reference(),
                order.custom(),
                secret,
                now,
                expiresAt,
                Status.PENDING,
                null,
                null,
                now,
                delivered ? Deliveries.of(id, order, secret, now) : null,
                callbackUrl);
        if (!admission.allowed()) {
            return pending.finish(Status.DENIED, admission.deniedReason(), null, now);
        }
        return magic.map(m -> outcome(m, pending, now)).orElse(pending);
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
