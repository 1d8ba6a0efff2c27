package dev.verigate.store;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own key/value state (ownership records, idempotency records): Redis shared by every
 * replica, or in-process for {@code verigate.store=local}. Every key carries a TTL.
 */
public interface GatewayStore {

    Uni<Optional<String>> get(String key);

    Uni<Void> set(String key, String value, Duration ttl);

    /** Stores the value only when the key is absent; true when it was stored. */
    Uni<Boolean> setIfAbsent(String key, String value, Duration ttl);

    Uni<Void> delete(String key);
}
