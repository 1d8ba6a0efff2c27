package dev.verigate.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Writes that must not be lost when Redis cannot take them now: the ownership record of a verification that was
 * started while Redis was down, a cooldown reset, a refund. Each is kept in a bounded per-replica queue and written,
 * oldest first, as soon as Redis takes writes again (one attempt per {@code retry-interval} while it does not).
 * A full queue drops its oldest write to take the newest, and counts it; a replica that stops loses what is still
 * queued (it is a cache of facts Sinch also holds: docs/operations.md says what Verigate recovers by itself).
 */
@Singleton
public class WriteBehind {

    private record Pending(String what, Supplier<Uni<Void>> write) {}

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final int capacity;
    private final Duration interval;
    private final Duration timeout;
    private final Vertx vertx;
    private final Counter queued;
    private final Counter written;
    private final Counter dropped;
    private boolean flushing;
    private long timer = -1;

    WriteBehind(StoreConfig config, Vertx vertx, MeterRegistry meters) {
        this.capacity = config.writeBehind().capacity();
        this.interval = config.writeBehind().retryInterval();
        this.timeout = config.writeBehind().timeout();
        this.vertx = vertx;
        this.queued = Counter.builder("verigate.store.write.behind")
                .tag("outcome", "queued")
                .description("Writes kept for later because Redis did not take them")
                .register(meters);
        this.written = Counter.builder("verigate.store.write.behind")
                .tag("outcome", "written")
                .description("Kept writes that reached Redis later")
                .register(meters);
        this.dropped = Counter.builder("verigate.store.write.behind")
                .tag("outcome", "dropped")
                .description("Kept writes dropped for newer ones (the queue was full)")
                .register(meters);
        Gauge.builder("verigate.store.write.behind.pending", this, WriteBehind::pending)
                .description("Writes waiting for Redis")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), t -> flush());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        int left = pending();
        if (left > 0) {
            Log.warnf("Stopping with %d writes Redis never took (ownership records, cooldown resets, refunds)", left);
        }
    }

    /** Keeps {@code write} (which failed just now) to run again when Redis takes writes. */
    public void defer(String what, Supplier<Uni<Void>> write) {
        synchronized (queue) {
            if (queue.size() >= capacity) {
                Pending oldest = queue.pollFirst();
                dropped.increment();
                Log.debugf("Write-behind queue full: dropped %s", oldest.what());
            }
            queue.addLast(new Pending(what, write));
        }
        queued.increment();
    }

    /** Writes waiting for Redis. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Writes what it can, oldest first, stopping at the first write Redis does not take. */
    void flush() {
        Pending next;
        synchronized (queue) {
            if (flushing || queue.isEmpty()) {
                return;
            }
            flushing = true;
            next = queue.peekFirst();
        }
        next.write()
                .get()
                .ifNoItem()
                .after(timeout)
                .fail()
                .subscribe()
                .with(
                        ok -> {
                            synchronized (queue) {
                                if (queue.peekFirst() == next) {
                                    queue.pollFirst();
                                }
                                flushing = false;
                            }
                            written.increment();
                            vertx.runOnContext(v -> flush());
                        },
                        failure -> {
                            synchronized (queue) {
                                flushing = false;
                            }
                            Log.debugf("Write-behind: Redis still does not take writes (%s)", failure.toString());
                        });
    }
}
