package dev.verigate.sandbox;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The absolute URL of {@code /sandbox} as the request reached it (scheme, host and port the caller
 * used, forwarded headers applied when Quarkus is told to trust them, any HTTP root path kept), so the
 * links a start answers with lead back to this sandbox, the way Sinch localizes them to the data
 * centre that answered.
 */
final class SandboxBase {

    private static final String MOUNT = "/sandbox";

    private SandboxBase() {}

    static String of(RoutingContext rc) {
        // Without an origin a relative link still works.
        return origin(rc).orElse("") + rootPath(rc) + MOUNT;
    }

    /** What precedes {@code /sandbox} in the path: the HTTP root path, if any. */
    static String rootPath(RoutingContext rc) {
        String path = rc.request().path();
        // The path, not the whole URL, is searched: a host may well be called "sandbox" itself.
        return path.substring(0, Math.max(path.indexOf(MOUNT + "/"), 0));
    }

    /** Scheme, host and port. */
    private static Optional<String> origin(RoutingContext rc) {
        String absolute = rc.request().absoluteURI();
        if (absolute == null) {
            return Optional.empty();
        }
        int pathStart = absolute.indexOf('/', absolute.indexOf("://") + 3);
        return Optional.of(pathStart < 0 ? absolute : absolute.substring(0, pathStart));
    }
}
