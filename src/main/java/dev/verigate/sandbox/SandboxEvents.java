package dev.verigate.sandbox;

import dev.verigate.model.VerificationMethod;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The fire-and-forget events (reference §6.2, §6.3): sent in the background, never delaying the answer
 * they follow, their own answer ignored beyond a log line. Seamless verifications send none: Sinch's
 * events know only sms, flashcall, callout and whatsapp (reference §4).
 */
@Singleton
class SandboxEvents {

    private final CallbackSender sender;

    SandboxEvents(CallbackSender sender) {
        this.sender = sender;
    }

    /** After a start was stored: its result when it was born finished, its SMS delivery receipt. */
    void started(Verification v) {
        if (v.status().finished()) {
            result(v);
        }
        if (v.method() == VerificationMethod.SMS && v.delivery() != null) {
            smsDelivered(v, SinchEvents.SMS_SUCCESSFUL);
        } else if (v.method() == VerificationMethod.SMS && v.status() == Status.ERROR) {
            smsDelivered(v, SinchEvents.SMS_FAILED);
        }
    }

    /** After the verification's status changed. */
    void result(Verification v) {
        send(v, SinchEvents.RESULT, SinchEvents.ResultEvent.of(v));
    }

    private void smsDelivered(Verification v, String smsResult) {
        send(v, SinchEvents.SMS_DELIVERED, SinchEvents.SmsDeliveredEvent.of(v, smsResult));
    }

    private void send(Verification v, String kind, Object event) {
        URI target = v.callbackUrl();
        if (target == null || v.method() == VerificationMethod.SEAMLESS) {
            return;
        }
        String endpoint = CallbackSender.shown(target);
        sender.post(target, event)
                .subscribe()
                .with(
                        reply -> {
                            if (reply.ok()) {
                                Log.debugf("Sandbox %s for %s answered %d", kind, v.id(), reply.status());
                            } else {
                                Log.warnf(
                                        "Sandbox %s for %s to %s answered HTTP %d",
                                        kind, v.id(), endpoint, reply.status());
                            }
                        },
                        failure -> Log.warnf("Sandbox %s for %s to %s failed: %s", kind, v.id(), endpoint, failure));
    }
}
