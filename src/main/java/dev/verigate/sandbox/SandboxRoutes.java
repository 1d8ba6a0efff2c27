package dev.verigate.sandbox;

import dev.verigate.apps.AuthConfig;
import dev.verigate.http.SinchErrorResponses;
import dev.verigate.model.PhoneMask;
import dev.verigate.model.SinchException;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.Credential;
import dev.verigate.signing.InboundSignedRequests;
import dev.verigate.signing.RequestAuthenticator;
import dev.verigate.upstream.UpstreamConfig;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The sandbox's front door, ahead of its REST resources: answers 404 for all of {@code /sandbox/*}
 * while disabled (checked per request, so one build serves every profile), and on
 * {@code /sandbox/verification/*} counts the request, reads the body (bounded like Sinch's) and
 * authenticates it exactly as Sinch does (signed or Basic with the sandbox credential, never public).
 */
@Singleton
class SandboxRoutes {

    /** Before Quarkus REST's own route, so the resources only see enabled and authenticated calls. */
    static final int ORDER = -90;

    static final long MAX_BODY_BYTES = 64 * 1024;

    private final SandboxConfig config;
    private final SandboxTraffic traffic;
    private final Clock clock;
    private final RequestAuthenticator<Credential> authenticator;

    SandboxRoutes(SandboxConfig config, UpstreamConfig upstream, AuthConfig auth, SandboxTraffic traffic, Clock clock) {
        this.config = config;
        this.traffic = traffic;
        this.clock = clock;
        // Built only when enabled: a disabled sandbox must not fail the boot over credentials it never uses.
        this.authenticator = config.enabled()
                ? new RequestAuthenticator<>(
                        new SingleCredential(SandboxCredential.of(config, upstream)), auth.maxClockSkew())
                : null;
    }

    void install(@Observes Router router) {
        router.route("/sandbox/*").order(ORDER).handler(this::requireEnabled);
        // Its own route: Vert.x wants the BodyHandler first on a route, and refused calls count too.
        router.route("/sandbox/verification/*").order(ORDER + 1).handler(this::count);
        router.route("/sandbox/verification/*")
                .order(ORDER + 2)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(this::authenticate)
                .failureHandler(this::onFailure);
    }

    private void requireEnabled(RoutingContext rc) {
        if (config.enabled()) {
            rc.next();
        } else {
            SinchErrorResponses.end(rc, SinchException.notFound());
        }
    }

    private void count(RoutingContext rc) {
        traffic.countRequest(rc.request().method() == HttpMethod.GET);
        rc.next();
    }

    private void authenticate(RoutingContext rc) {
        AuthResult<Credential> result = authenticator.authenticate(
                rc.request().getHeader("Authorization"), InboundSignedRequests.of(rc), clock.instant());
        if (result.ok()) {
            rc.next();
            return;
        }
        Log.debugf(
                "Sandbox refused %s %s: %s",
                rc.request().method(), PhoneMask.maskAll(rc.request().path()), result.failure());
        SinchErrorResponses.end(
                rc,
                new SinchException(
                        401, result.failure().errorCode(), result.failure().message()));
    }

    private void onFailure(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            SinchErrorResponses.end(
                    rc, new SinchException(413, 41300, "Request body is larger than " + MAX_BODY_BYTES + " bytes."));
        } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
            SinchErrorResponses.end(rc, SinchException.badRequest("Request could not be read."));
        } else {
            rc.next();
        }
    }

    /** The sandbox knows one application, like a Sinch Verification app; Basic is allowed as on Sinch. */
    private record SingleCredential(Credential credential) implements RequestAuthenticator.Principals<Credential> {
        @Override
        public Optional<Credential> byKey(String key) {
            return credential.key().equals(key) ? Optional.of(credential) : Optional.empty();
        }

        @Override
        public Credential credential(Credential principal) {
            return principal;
        }

        @Override
        public boolean allowsBasic(Credential principal) {
            return true;
        }
    }
}
