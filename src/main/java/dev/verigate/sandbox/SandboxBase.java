package dev.verigate.sandbox;

import io.vertx.ext.web.RoutingContext;

/**
 * The absolute URL of {@code /sandbox} as the request reached it (scheme, host and port the caller
 * used, forwarded headers applied when Quarkus is told to trust them, any HTTP root path kept), so the
 * links a start answers with lead back to this sandbox, the way Sinch localizes them to the data
 * centre that answered.
 */
final class SandboxBase {

    private static final String MOUNT = "/sandbox";

    private SandboxBase() {
    }

    static String of(RoutingContext rc) {
        String path = rc.request().path();
        // The path, not the whole URL, is searched: a host may well be called "sandbox" itself.
        String mount = path.substring(0, Math.max(path.indexOf(MOUNT + "/"), 0)) + MOUNT;
        String absolute = rc.request().absoluteURI();
        if (absolute == null) {
            return mount; // Vert.x could not build one from the Host header; a relative link still works
        }
        int pathStart = absolute.indexOf('/', absolute.indexOf("://") + 3);
        return (pathStart < 0 ? absolute : absolute.substring(0, pathStart)) + mount;
    }
}
