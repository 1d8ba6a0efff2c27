package dev.verigate.apps;

import dev.verigate.http.SinchErrorResponses;
import dev.verigate.model.PhoneMask;
import dev.verigate.model.SinchException;
import dev.verigate.signing.AuthFailure;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.InboundSignedRequests;
import dev.verigate.signing.ReplayGuard;
import dev.verigate.signing.RequestAuthenticator;
import dev.verigate.support.CounterCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Who is calling? Runs before the Sinch-compatible resources on {@code /verification/*} and Verigate's own on
 * {@code /verigate/v1/*}: reads the
 * body (bounded), authenticates the app (signed or Basic, never public), refuses a signed start or report
 * seen before ({@link ReplayGuard}) and leaves the app on the routing context for {@link #caller}. Refusals are
 * answered here with Sinch's 401 bodies.
 */
@Singleton
public class ClientAuthFilter {

    /** Before Quarkus REST's own route, so the resources only ever see authenticated calls. */
    static final int ORDER = -100;

    private static final String CALLER = "verigate.caller";
    private static final String METHOD = "verigate.method";
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final RequestAuthenticator<App> authenticator;
    private final Clock clock;
    private final long maxBodyBytes;
    private final CounterCache requests;
    private final ReplayGuard replays;

    ClientAuthFilter(AppRegistry apps, AuthConfig config, Clock clock, ReplayGuard replays, MeterRegistry meters) {
        this.replays = replays;
        this.requests = new CounterCache(meters, "verigate.requests", "operation", "method", "app", "outcome");
        this.authenticator = new RequestAuthenticator<>(new AppPrincipals(apps, false), config.maxClockSkew());
        this.clock = clock;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
    }

    void install(@Observes Router router) {
        for (String paths : new String[] {"/verification/*", "/verigate/v1/*"}) {
            router.route(paths)
                    .order(ORDER)
                    .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                    .handler(this::authenticate)
                    .failureHandler(this::onFailure);
        }
    }

    /** Records the verification method of this request, for the request metric (when the body or path names it). */
    public static void method(RoutingContext rc, String method) {
        rc.put(METHOD, method);
    }

    /** verigate_requests_total{operation, method, app, outcome}: counted when the answer has been sent. */
    private void count(RoutingContext rc, App app) {
        String operation = rc.request().path().startsWith("/verigate/")
                ? "allowance"
                : switch (rc.request().method().name()) {
                    case "POST" -> "start";
                    case "PUT" -> "report";
                    default -> "status";
                };
        rc.addEndHandler(done -> requests.increment(
                operation,
                Objects.requireNonNullElse(rc.get(METHOD), "unknown"),
                app.id(),
                Integer.toString(rc.response().getStatusCode())));
    }

    /** The app that made this request; only valid behind this filter. */
    public static App caller(RoutingContext rc) {
        App app = rc.get(CALLER);
        if (app == null) {
            throw new IllegalStateException("no authenticated app on this request");
        }
        return app;
    }

    /** Takes the caller's X-Request-Id (or makes one), answers it, logs it and sends it on to Sinch. */
    private static void requestId(RoutingContext rc) {
        String id = rc.request().getHeader(REQUEST_ID);
        if (id == null || !VALID_REQUEST_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        rc.response().putHeader(REQUEST_ID, id);
        MDC.put("requestId", id);
    }

    private void authenticate(RoutingContext rc) {
        requestId(rc);
        Instant now = clock.instant();
        AuthResult<App> result = InboundSignedRequests.authenticate(authenticator, rc, now);
        if (!result.ok()) {
            refuse(rc, result.failure());
            return;
        }
        if (rc.request().path().indexOf(';') >= 0) {
            // Sinch paths have no matrix parameters; JAX-RS would silently drop what follows ';'.
            SinchErrorResponses.end(rc, SinchException.notFound());
            return;
        }
        if (rc.request().method() == HttpMethod.GET) {
            admit(rc, result.principal()); // a replayed status lookup changes nothing
            return;
        }
        Context context = Vertx.currentContext();
        replays.firstSight(result, now)
                .subscribe()
                .with(first -> onContext(context, () -> {
                    if (first) {
                        admit(rc, result.principal());
                    } else {
                        refuse(rc, AuthFailure.REPLAYED);
                    }
                }));
    }

    private void admit(RoutingContext rc, App app) {
        rc.put(CALLER, app);
        count(rc, app);
        rc.next();
    }

    private static void refuse(RoutingContext rc, AuthFailure failure) {
        Log.debugf(
                "Refused %s %s: %s",
                rc.request().method(), PhoneMask.maskAll(rc.request().path()), failure);
        SinchErrorResponses.end(rc, new SinchException(401, failure.errorCode(), failure.message()));
    }

    /** Continues on the request's own context (the store may answer on another thread). */
    private static void onContext(Context context, Runnable step) {
        if (context == null || Vertx.currentContext() == context) {
            step.run();
        } else {
            context.runOnContext(v -> step.run());
        }
    }

    private void onFailure(RoutingContext rc) {
        if (rc.failure() instanceof HttpClosedException || rc.response().closed()) {
            // The app hung up before its answer; the work itself went on (see VerificationResource).
            Log.debugf(
                    "%s %s: the app disconnected before its answer",
                    rc.request().method(), PhoneMask.maskAll(rc.normalizedPath()));
            return;
        }
        SinchErrorResponses.endBodyFailure(rc, maxBodyBytes);
    }
}
