package dev.verigate.support;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARN line that an outage would repeat for every request (thousands a second): written at most once per
 * {@code every} nanoseconds, saying how many were left out since the last one. The same events are counted in
 * metrics; the log only has to say that, and why, it is happening.
 */
public final class Throttled {

    private final long everyNanos;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public Throttled(Duration every) {
        this.everyNanos = every.toNanos();
    }

    /** Logs {@code message} (a format with {@code args}) at WARN, unless one was logged within the interval. */
    public void warn(String message, Object... args) {
        long now = System.nanoTime();
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + everyNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String line = String.format(message, args);
        Log.warn(left == 0 ? line : line + " (and " + left + " more like it since the last such line)");
    }
}
