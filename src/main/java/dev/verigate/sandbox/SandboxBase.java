package dev.verigate.sandbox;

import io.vertx.ext.web.RoutingContext;

/**
 * The absolute URL of {@code /sandbox} as the request reached it (scheme, host and port the caller
 * used, forwarded headers applied when Quarkus is told to trust them), so the links a start answers
 * with lead back to this sandbox the way Sinch localizes them to the data centre that answered.
 */
final class SandboxBase {

    private static final String MOUNT = "/sandbox";

    private SandboxBase() {
    }

    static String of(RoutingContext rc) {
        String absolute = rc.request().absoluteURI();
        if (absolute == null) {
            return MOUNT; // Vert.x could not build one from the Host header; a relative link still works
        }
        int at = absolute.indexOf(MOUNT + "/");
        return absolute.substring(0, at) + MOUNT;
    }
}
