package dev.verigate.store.redis;

import dev.verigate.model.SinchException;
import java.util.Map;

/**
 * The gateway store did not answer: 503/50300 with Retry-After, like every other 503 of the API, so an app
 * (or an SDK) backs off instead of retrying at once. The cause is logged, never sent.
 */
final class StoreUnavailable extends SinchException {

    StoreUnavailable() {
        super(503, 50300, "Service is temporarily unavailable, please try again later.", Map.of("Retry-After", "1"));
    }
}
