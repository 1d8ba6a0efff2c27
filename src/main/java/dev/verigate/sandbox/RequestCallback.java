package dev.verigate.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verigate.model.SinchException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;

/**
 * Asks the application whether a start may go ahead, as Sinch does with a VerificationRequestEvent
 * (reference §6.1), and turns its answer into an {@link Admission}. Anything but a 2xx with a valid
 * answer in time (an error, a timeout, another status, a body that is not a valid answer) denies the
 * verification with {@code Invalid callback}.
 */
@Singleton
class RequestCallback {

    private final CallbackSender sender;
    private final ObjectMapper mapper;

    RequestCallback(CallbackSender sender, ObjectMapper mapper) {
        this.sender = sender;
        this.mapper = mapper;
    }

    /** Never fails: every failure is an admission denied with {@code Invalid callback}. */
    Uni<Admission> ask(String id, StartOrder order, URI target) {
        return sender.post(target, SinchEvents.RequestEvent.of(id, order))
                .map(reply -> decide(id, order, target, reply))
                .onFailure()
                .recoverWithItem(failure -> invalid(id, order, target, failure.toString()));
    }

    private Admission decide(String id, StartOrder order, URI target, CallbackSender.Reply reply) {
        if (!reply.ok()) {
            return invalid(id, order, target, "HTTP " + reply.status());
        }
        try {
            CallbackAnswer answer = mapper.readValue(reply.body(), CallbackAnswer.class);
            if (answer == null) {
                return invalid(id, order, target, "a null answer");
            }
            return CallbackOverrides.apply(answer, order);
        } catch (IOException e) {
            return invalid(id, order, target, "an answer that is not the expected JSON object");
        } catch (SinchException | IllegalArgumentException e) {
            return invalid(id, order, target, e.getMessage());
        }
    }

    private static Admission invalid(String id, StartOrder order, URI target, String why) {
        Log.warnf(
                "Sandbox request event for verification %s to %s got no valid answer (%s): DENIED / Invalid "
                        + "callback",
                id, CallbackSender.shown(target), why);
        return Admission.deny(order, Reasons.INVALID_CALLBACK);
    }
}
