package dev.verigate.api;

import io.smallrye.config.ConfigMapping;
import java.net.URI;

/** The Sinch-compatible API as apps see it. */
@ConfigMapping(prefix = "verigate.api")
interface ApiConfig {

    /**
     * Base URL apps use to reach the gateway, e.g. {@code https://verigate.internal}: the {@code _links} of start
     * answers (also those replayed from the idempotency store) point there. Required in prod: a link is never
     * built from the request's Host header, which the caller controls.
     */
    URI publicUrl();
}
