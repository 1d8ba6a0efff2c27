package dev.verigate.limits;

import dev.verigate.model.SinchException;
import java.util.Map;

/** 429 with Sinch's code (42901 same number too quickly, 42900 capacity), Retry-After and RateLimit. */
public final class RateLimited extends SinchException {

    RateLimited(boolean sameNumber, String message, Map<String, String> headers) {
        super(429, sameNumber ? 42901 : 42900, message, headers);
    }
}
