package dev.verigate.store.local;

import dev.verigate.store.GatewayStore;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-process store for {@code verigate.store=local}: TTLs honoured on read, expired entries swept. */
public final class LocalGatewayStore implements GatewayStore {

    private static final int SWEEP_EVERY_WRITES = 1024;

    private record Entry(String value, long expiresAtMillis) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final Clock clock;

    public LocalGatewayStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        Entry e = entries.get(key);
        if (e == null || expired(e)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(Optional.of(e.value()));
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        entries.put(key, entry(value, ttl));
        afterWrite();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> setIfAbsent(String key, String value, Duration ttl) {
        Entry fresh = entry(value, ttl);
        Entry winner = entries.compute(key, (k, old) -> old == null || expired(old) ? fresh : old);
        afterWrite();
        return Uni.createFrom().item(winner == fresh);
    }

    @Override
    public Uni<Void> delete(String key) {
        entries.remove(key);
        return Uni.createFrom().voidItem();
    }

    private Entry entry(String value, Duration ttl) {
        return new Entry(value, clock.millis() + ttl.toMillis());
    }

    private boolean expired(Entry e) {
        return e.expiresAtMillis() <= clock.millis();
    }

    private void afterWrite() {
        if (writes.incrementAndGet() % SWEEP_EVERY_WRITES == 0) {
            entries.values().removeIf(this::expired);
        }
    }
}
