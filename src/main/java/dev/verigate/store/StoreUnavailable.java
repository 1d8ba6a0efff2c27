package dev.verigate.store;

import dev.verigate.model.SinchException;

/** The gateway store did not answer: 503/50300, the app may retry. The cause is logged, never sent. */
final class StoreUnavailable extends SinchException {

    StoreUnavailable() {
        super(503, 50300, "Service is temporarily unavailable, please try again later.");
    }
}
