package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports a code (or a flash call's caller id) against a verification (reference §8.3). A finished
 * verification answers its final state unchanged; a wrong code answers FAIL and, unless
 * {@code verigate.sandbox.wrong-code-terminal}, leaves the verification PENDING for another try. A
 * change of the stored status (also an expiry found here) sends a result event.
 */
@Singleton
class Reporter {

    private final VerificationStore store;
    private final SandboxEvents events;
    private final SandboxConfig config;
    private final Clock clock;

    Reporter(VerificationStore store, SandboxEvents events, SandboxConfig config, Clock clock) {
        this.store = store;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** The answer to the report, which may differ from what is stored (a non-terminal wrong code). */
    Verification byId(String id, ReportRequest report) {
        VerificationMethod method = ReportValidation.method(report);
        String presented = ReportValidation.presented(report, method);
        Instant now = clock.instant();
        Verification v = store.byId(id, now).orElseThrow(SinchException::notFound);
        if (v.method() != method) {
            throw SinchException.badRequest("Method '" + method.wire() + "' does not match the verification's method '"
                    + v.method().wire() + "'.");
        }
        return apply(v.id(), presented, now);
    }

    /** Reports on the number's latest verification of the body's method. */
    Verification byIdentity(String endpoint, ReportRequest report) {
        VerificationMethod method = ReportValidation.method(report);
        String presented = ReportValidation.presented(report, method);
        E164 number = E164.parse(endpoint);
        Instant now = clock.instant();
        Verification v = store.latest(number.number(), method, now).orElseThrow(SinchException::notFound);
        return apply(v.id(), presented, now);
    }

    /** Sends the result event when the stored status changed: a retryable wrong code changes nothing. */
    private Verification apply(String id, String presented, Instant now) {
        AtomicReference<Verification> answer = new AtomicReference<>();
        VerificationStore.Change change = store.change(id, now, current -> {
                    Verification next = decide(current, presented, now);
                    answer.set(next);
                    return next.status() == Status.FAIL && !current.status().finished() && !config.wrongCodeTerminal()
                            ? current
                            : next;
                })
                .orElseThrow(SinchException::notFound); // evicted between lookup and update
        if (change.statusChanged()) {
            events.result(change.after());
        }
        return answer.get();
    }

    private static Verification decide(Verification current, String presented, Instant now) {
        if (current.status().finished()) {
            return current;
        }
        if (matches(current, presented)) {
            String source = current.method() == VerificationMethod.CALLOUT ? null : "manual";
            return current.finish(Status.SUCCESSFUL, null, source, now);
        }
        String reason = current.method() == VerificationMethod.FLASHCALL ? Reasons.INVALID_CLI : Reasons.INVALID_CODE;
        return current.finish(Status.FAIL, reason, null, now);
    }

    /** Codes compare case-insensitively (users type Alpha codes in either case); CLIs by their digits. */
    private static boolean matches(Verification v, String presented) {
        if (v.method() == VerificationMethod.FLASHCALL) {
            return digits(v.secret()).equals(digits(presented));
        }
        return v.secret().toUpperCase(Locale.ROOT).equals(presented.strip().toUpperCase(Locale.ROOT));
    }

    private static String digits(String s) {
        return s.replaceAll("[^0-9]", "");
    }
}
