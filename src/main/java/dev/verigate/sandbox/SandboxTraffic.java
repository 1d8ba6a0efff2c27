package dev.verigate.sandbox;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what reached the sandbox, so gateway tests can prove that a refused or invalid call never
 * went upstream and that a retried start created exactly one verification.
 */
@Singleton
public class SandboxTraffic {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong startsCreated = new AtomicLong();

    /** Requests that reached {@code /sandbox/verification/*} while enabled, refused ones included. */
    public long requests() {
        return requests.get();
    }

    /** The requests that were status lookups (GET): they change nothing at Sinch and send no message. */
    public long lookups() {
        return lookups.get();
    }

    /**
     * Verifications the sandbox created (stored, whatever their outcome: a DENIED or ERROR magic number
     * counts, a 429/503 magic number does not). Each is one message Sinch would have tried to send.
     */
    public long startsCreated() {
        return startsCreated.get();
    }

    /** Sets the counters back to zero. */
    public void reset() {
        requests.set(0);
        lookups.set(0);
        startsCreated.set(0);
    }

    void countRequest(boolean lookup) {
        requests.incrementAndGet();
        if (lookup) {
            lookups.incrementAndGet();
        }
    }

    void countStartCreated() {
        startsCreated.incrementAndGet();
    }
}
