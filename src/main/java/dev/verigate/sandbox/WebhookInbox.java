package dev.verigate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.verigate.apps.App;
import dev.verigate.apps.AppPrincipals;
import dev.verigate.apps.AppRegistry;
import dev.verigate.apps.AuthConfig;
import dev.verigate.http.SinchErrorResponses;
import dev.verigate.model.SinchException;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.InboundSignedRequests;
import dev.verigate.signing.RequestAuthenticator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for an app's webhook, so that the events Verigate delivers can be seen without writing an
 * app: {@code POST /sandbox/webhook/{app}} takes a delivery signed with that app's own key and secret (as
 * Verigate signs them; anything else is a 401 and is not kept), and {@code GET /sandbox/webhook/{app}} shows
 * the last {@value #KEPT} events it took, newest first. The dev profile points its demo app here. As a
 * request webhook it allows every verification.
 */
@Singleton
class WebhookInbox {

    static final int KEPT = 100;
    static final String PATH = "/sandbox/webhook/";
    static final String REQUEST_EVENT = "VerificationRequestEvent";

    private final AppRegistry apps;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final RequestAuthenticator<App> authenticator;
    private final Map<String, Deque<JsonNode>> received = new ConcurrentHashMap<>();

    WebhookInbox(AppRegistry apps, AuthConfig auth, Clock clock, ObjectMapper mapper) {
        this.apps = apps;
        this.clock = clock;
        this.mapper = mapper;
        this.authenticator = new RequestAuthenticator<>(new AppPrincipals(apps, true), auth.maxClockSkew());
    }

    void install(@Observes Router router) {
        // After SandboxRoutes' "enabled?" check (a disabled sandbox answers 404 before this).
        router.post(PATH + ":app")
                .order(SandboxRoutes.ORDER + 3)
                .handler(BodyHandler.create(false).setBodyLimit(SandboxRoutes.MAX_BODY_BYTES))
                .handler(this::receive)
                .failureHandler(rc -> SinchErrorResponses.endBodyFailure(rc, SandboxRoutes.MAX_BODY_BYTES));
        router.get(PATH + ":app").order(SandboxRoutes.ORDER + 3).handler(this::list);
    }

    private void receive(RoutingContext rc) {
        App app = app(rc);
        if (app == null) {
            return;
        }
        AuthResult<App> auth = InboundSignedRequests.authenticate(authenticator, rc, clock.instant());
        if (!auth.ok() || !auth.principal().id().equals(app.id())) {
            SinchErrorResponses.end(
                    rc,
                    auth.ok()
                            ? new SinchException(401, 40100, "Signed by another application's key.")
                            : new SinchException(
                                    401,
                                    auth.failure().errorCode(),
                                    auth.failure().message()));
            return;
        }
        JsonNode event;
        try {
            event = mapper.readTree(InboundSignedRequests.body(rc));
        } catch (IOException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            SinchErrorResponses.end(rc, SinchException.badRequest("The event must be a JSON object."));
            return;
        }
        Deque<JsonNode> events = received.computeIfAbsent(app.id(), id -> new ArrayDeque<>());
        synchronized (events) {
            events.addFirst(mapper.createObjectNode()
                    .put("at", clock.instant().toString())
                    .set("event", event));
            while (events.size() > KEPT) {
                events.removeLast();
            }
        }
        boolean request = REQUEST_EVENT.equals(event.path("event").asText());
        rc.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(request ? "{\"action\":\"allow\"}" : "{}");
    }

    private void list(RoutingContext rc) {
        App app = app(rc);
        if (app == null) {
            return;
        }
        ArrayNode out = mapper.createArrayNode();
        Deque<JsonNode> events = received.get(app.id());
        if (events != null) {
            synchronized (events) {
                out.addAll(events);
            }
        }
        rc.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(out.toString());
    }

    /** The configured app the path names, or null after a 404. */
    private App app(RoutingContext rc) {
        App app = apps.byId(rc.pathParam("app")).orElse(null);
        if (app == null) {
            SinchErrorResponses.end(rc, SinchException.notFound());
        }
        return app;
    }
}
