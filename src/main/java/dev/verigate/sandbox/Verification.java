package dev.verigate.sandbox;

import dev.verigate.model.VerificationMethod;
import java.net.URI;
import java.time.Instant;

/**
 * One verification as the sandbox keeps it. Immutable: every change is a new value swapped into the
 * {@link VerificationStore}, so concurrent reports on one id cannot interleave half-updates.
 *
 * @param secret the code (sms, whatsapp, callout) or the flash call's CLI; null for seamless
 * @param changedAt when the status last changed, shown as {@code verificationTimestamp}
 * @param delivery what reached the number's inbox, null when nothing was delivered
 * @param callbackUrl where its events go, fixed at start like a Sinch app's callback URL; null: none are sent
 */
record Verification(
        String id,
        String number,
        String countryId,
        VerificationMethod method,
        String reference,
        String custom,
        String secret,
        Instant createdAt,
        Instant expiresAt,
        Status status,
        String reason,
        String source,
        Instant changedAt,
        InboxMessage delivery,
        URI callbackUrl) {

    /** The verification as seen at {@code now}: a PENDING one past its expiry is FAIL / Expired. */
    Verification at(Instant now) {
        if (status == Status.PENDING && !now.isBefore(expiresAt)) {
            return finish(Status.FAIL, Reasons.EXPIRED, null, expiresAt);
        }
        return this;
    }

    Verification finish(Status newStatus, String newReason, String newSource, Instant at) {
        return new Verification(
                id,
                number,
                countryId,
                method,
                reference,
                custom,
                secret,
                createdAt,
                expiresAt,
                newStatus,
                newReason,
                newSource,
                at,
                delivery,
                callbackUrl);
    }

    boolean isCall() {
        return method == VerificationMethod.FLASHCALL || method == VerificationMethod.CALLOUT;
    }

    /** Whether the flash call or callout reached the handset; null for methods without a call. */
    Boolean callComplete() {
        return isCall() ? delivery != null : null;
    }

    /** How the call ended: answered when placed, failed on a network error, none when never placed. */
    String callResult() {
        if (!isCall()) {
            return null;
        }
        if (delivery != null) {
            return "ANSWERED";
        }
        return status == Status.ERROR ? "FAILED" : null;
    }
}
