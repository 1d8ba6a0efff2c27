package dev.verigate.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.limits.Limiter;
import dev.verigate.limits.Outcomes;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers Sinch's VerificationRequestEvent with allow or deny: deny when no app owns the verification
 * or the number is blocked (country or prefix); otherwise the owning app's request webhook decides
 * when it has one (within {@code verigate.callbacks.request-timeout}, else the default decision), and
 * allow when it has none.
 */
@Singleton
class RequestDecisions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventOwners owners;
    private final Limiter limiter;
    private final Webhooks webhooks;
    private final CallbacksConfig config;
    private final MeterRegistry meters;
    private final Outcomes outcomes;

    RequestDecisions(
            EventOwners owners,
            Limiter limiter,
            Outcomes outcomes,
            Webhooks webhooks,
            CallbacksConfig config,
            MeterRegistry meters) {
        this.owners = owners;
        this.outcomes = outcomes;
        this.limiter = limiter;
        this.webhooks = webhooks;
        this.config = config;
        this.meters = meters;
    }

    Uni<ObjectNode> decide(ObjectNode event) {
        Optional<App> owner = owners.owner(event);
        if (owner.isEmpty()) {
            return decided("deny", "unowned");
        }
        Optional<String> blocked = blockedReason(event);
        if (blocked.isPresent()) {
            return decided("deny", "blocked");
        }
        App app = owner.get();
        Uni<Void> priced = outcomes.priced(
                app,
                event.path("reference").asText(""),
                event.path("identity").path("endpoint").asText(""),
                event.path("method").asText(""),
                event.path("price"));
        if (app.requestWebhookUrl().isEmpty()) {
            return priced.chain(() -> decided("allow", "policy"));
        }
        return priced.chain(() -> webhooks.post(
                        app.requestWebhookUrl().get(),
                        app.credential(),
                        EventOwners.forApp(event, app).toString(),
                        UUID.randomUUID().toString(),
                        config.requestTimeout())
                .map(answer -> appDecision(answer)
                        .orElseThrow(() -> new IllegalStateException(
                                "app answered " + answer.status() + " without an allow/deny action")))
                .invoke(d -> count(d.path("action").asText(), "app"))
                .onFailure()
                .recoverWithUni(f -> {
                    Log.warnf(
                            "Request webhook of app %s failed (%s); default decision %s",
                            app.id(), f.toString(), config.defaultDecision());
                    return decided(config.defaultDecision().name().toLowerCase(Locale.ROOT), "default");
                }));
    }

    private Optional<String> blockedReason(ObjectNode event) {
        try {
            return limiter.blocked(
                    E164.parse(event.path("identity").path("endpoint").asText(null)));
        } catch (SinchException invalidNumber) {
            return Optional.of("invalid number");
        }
    }

    /** The app's answer when it is a 2xx JSON object with action allow or deny; its method object passes through. */
    private static Optional<ObjectNode> appDecision(Webhooks.Answer answer) {
        if (!answer.ok()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(answer.body());
            String action = node.path("action").asText("");
            return node instanceof ObjectNode o && (action.equals("allow") || action.equals("deny"))
                    ? Optional.of(o)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Uni<ObjectNode> decided(String action, String why) {
        count(action, why);
        return Uni.createFrom().item(JsonNodeFactory.instance.objectNode().put("action", action));
    }

    private void count(String action, String why) {
        meters.counter("verigate.callbacks.decisions", "action", action, "by", why)
                .increment();
    }
}
