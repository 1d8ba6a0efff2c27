package dev.verigate.callbacks.local;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.callbacks.Outbox;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The outbox in process, for {@code verigate.store=local} (one instance, dev mode): same rules as Redis. */
public final class LocalOutbox implements Outbox {

    private record Slot(Entry entry, long lastAttemptMillis, boolean claimed) {}

    private final Map<String, Slot> pending = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Entry> dead = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Backoff backoff;
    private final Clock clock;
    private final CallbacksConfig.DeadLetters bounds;

    public LocalOutbox(Backoff backoff, Clock clock, CallbacksConfig.DeadLetters bounds) {
        this.backoff = backoff;
        this.clock = clock;
        this.bounds = bounds;
    }

    private String nextId() {
        return clock.millis() + "-" + sequence.incrementAndGet();
    }

    @Override
    public Uni<Void> append(String appId, String eventId, String body) {
        String id = nextId();
        pending.put(id, new Slot(new Entry(id, appId, eventId, body, clock.millis(), 0), 0, false));
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<List<Entry>> due(String consumer, int max) {
        long now = clock.millis();
        List<Entry> due = new ArrayList<>();
        for (Slot s : pending.values()) {
            if (due.size() >= max) {
                break;
            }
            long attempts = s.entry().deliveries();
            if (attempts == 0 && !s.claimed()
                    || attempts > 0 && now - s.lastAttemptMillis() >= backoff.afterMillis(attempts)) {
                Entry e = s.entry();
                pending.put(
                        e.id(),
                        new Slot(
                                new Entry(e.id(), e.appId(), e.eventId(), e.body(), e.enqueuedAtMillis(), attempts + 1),
                                now,
                                true));
                due.add(e);
            }
        }
        return Uni.createFrom().item(due);
    }

    @Override
    public Uni<Void> delivered(Entry entry) {
        pending.remove(entry.id());
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> deadLetter(Entry entry, String reason) {
        pending.remove(entry.id());
        dead.put(entry.id(), entry);
        long oldestKept = clock.millis() - bounds.maxAge().toMillis();
        dead.values().removeIf(e -> e.enqueuedAtMillis() < oldestKept);
        while (dead.size() > bounds.max()) {
            dead.pollFirstEntry();
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<Entry>> deadLetters(int max) {
        return Uni.createFrom().item(dead.values().stream().limit(max).toList());
    }

    @Override
    public Uni<Boolean> replay(String deadLetterId) {
        Entry e = dead.remove(deadLetterId);
        return e == null
                ? Uni.createFrom().item(false)
                : append(e.appId(), e.eventId(), e.body()).replaceWith(true);
    }

    @Override
    public Uni<Stats> stats(long nowMillis) {
        long oldest = pending.values().stream()
                .mapToLong(s -> nowMillis - s.entry().enqueuedAtMillis())
                .max()
                .orElse(0);
        return Uni.createFrom().item(new Stats(pending.size(), oldest, dead.size()));
    }
}
