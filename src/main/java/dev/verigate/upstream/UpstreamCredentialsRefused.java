package dev.verigate.upstream;

import dev.verigate.model.GatewayCodes;
import dev.verigate.model.SinchException;
import dev.verigate.support.Throttled;
import java.time.Duration;

/**
 * Sinch answered 401: it refused the credentials Verigate signs with (the gateway's, or the app's own upstream
 * ones), not the app's. Relaying the 401 would tell the app its own key or signature is wrong; the app gets
 * 503/50390 instead, saying the fault is the gateway's, and the operators get a WARN naming the key. Sinch did
 * not act on the request, so whatever it took from the limits is given back; it is neither retried nor counted
 * against the circuit breaker, which is shared by every app while a credential belongs to one.
 */
public final class UpstreamCredentialsRefused extends SinchException {

    private static final Throttled LOG = new Throttled(Duration.ofSeconds(10));

    UpstreamCredentialsRefused(String applicationKey, int sinchCode, String sinchMessage) {
        super(
                503,
                GatewayCodes.UPSTREAM_CREDENTIALS_REFUSED,
                "Sinch refused the gateway's credentials for this application; the gateway's operators must fix them.");
        LOG.warn(
                "Sinch refused the upstream credentials of application key %s (401/%d %s): check "
                        + "verigate.upstream.application-key/-secret, or the app's own upstream credentials",
                applicationKey, sinchCode, sinchMessage);
    }
}
