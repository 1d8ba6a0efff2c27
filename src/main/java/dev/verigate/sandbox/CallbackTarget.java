package dev.verigate.sandbox;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the sandbox sends a verification's events: {@code verigate.sandbox.callback-url}, else this
 * gateway's own event endpoint at the address the sandbox request's connection reached, so a gateway whose
 * upstream is its own sandbox receives the events the way it would receive Sinch's.
 */
@Singleton
class CallbackTarget {

    private final SandboxConfig config;
    private final String eventsPath;

    CallbackTarget(
            SandboxConfig config,
            @ConfigProperty(name = "verigate.callbacks.path", defaultValue = "/sinch/events") String eventsPath) {
        this.config = config;
        this.eventsPath = eventsPath.startsWith("/") ? eventsPath : "/" + eventsPath;
        config.callbackUrl().ifPresent(CallbackTarget::requireHttp);
    }

    /**
     * Empty when callbacks are disabled: then nothing is sent and every start is allowed. Never derived from the
     * request's Host header (whoever calls the sandbox would choose where its events go).
     */
    Optional<URI> of(RoutingContext rc) {
        if (!config.callbacksEnabled()) {
            return Optional.empty();
        }
        return Optional.of(
                config.callbackUrl().orElseGet(() -> URI.create(local(rc) + SandboxBase.rootPath(rc) + eventsPath)));
    }

    /** The address and port the connection reached: this gateway itself. */
    private static String local(RoutingContext rc) {
        SocketAddress local = rc.request().localAddress();
        String host = local.hostAddress().contains(":") ? "[" + local.hostAddress() + "]" : local.hostAddress();
        return (rc.request().isSSL() ? "https" : "http") + "://" + host + ":" + local.port();
    }

    /** Fails the boot on a URL the HTTP client could not call, naming the key to fix. */
    private static void requireHttp(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalStateException(
                    "verigate.sandbox.callback-url must be an absolute http(s) URL, not '" + url + "'");
        }
    }
}
