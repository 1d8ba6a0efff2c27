package dev.verigate.sandbox;

import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The sandbox's memory: verifications by id, reference and number. Reads are lock-free; creation is
 * synchronized because it is a compound step (reference check, abort, insert, evict). Bounded so a
 * long-running dev gateway cannot grow without limit: entries older than {@link #RETENTION} or beyond
 * {@link #MAX_VERIFICATIONS} are dropped, oldest first.
 */
@Singleton
class VerificationStore {

    static final Duration RETENTION = Duration.ofHours(24);
    static final int MAX_VERIFICATIONS = 20_000;

    private final Map<String, Verification> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByReference = new ConcurrentHashMap<>();
    /** Ids per number, newest first. */
    private final Map<String, Deque<String>> idsByNumber = new ConcurrentHashMap<>();
    /** Ids oldest first, for eviction; guarded by {@code this}. */
    private final Deque<String> creationOrder = new ArrayDeque<>();

    /** One atomic update: the verification as stored before (not as seen at a time) and after. */
    record Change(Verification before, Verification after) {
        boolean statusChanged() {
            return before.status() != after.status();
        }
    }

    /**
     * Stores a new verification, after refusing a reference already in use (409/40900) and aborting the
     * number's pending verification, as Sinch does when a new one is requested.
     *
     * @return the number's previous verification when this changed its status (ABORTED, or found expired)
     */
    synchronized Optional<Verification> create(Verification v, Instant now) {
        evict(now);
        requireFreeReference(v.reference());
        Optional<Verification> previous = abortPending(v.number(), now);
        byId.put(v.id(), v);
        if (v.reference() != null) {
            idByReference.put(v.reference(), v.id());
        }
        idsByNumber
                .computeIfAbsent(v.number(), n -> new ConcurrentLinkedDeque<>())
                .addFirst(v.id());
        creationOrder.addLast(v.id());
        return previous;
    }

    /** Refuses a reference already in use (409/40900); a start checks before it asks its request event. */
    void requireFreeReference(String reference) {
        if (reference != null && idByReference.containsKey(reference)) {
            throw new SinchException(409, 40900, "Reference already defined.");
        }
    }

    Optional<Verification> byId(String id, Instant now) {
        return Optional.ofNullable(byId.get(id)).map(v -> v.at(now));
    }

    Optional<Verification> byReference(String reference, Instant now) {
        return Optional.ofNullable(idByReference.get(reference)).flatMap(id -> byId(id, now));
    }

    /** The most recent verification of {@code method} for the number (reference §3.5 leaves this open). */
    Optional<Verification> latest(String number, VerificationMethod method, Instant now) {
        return ids(number).stream()
                .map(byId::get)
                .filter(Objects::nonNull)
                .filter(v -> v.method() == method)
                .findFirst()
                .map(v -> v.at(now));
    }

    /** Everything delivered to the number, newest first. */
    List<InboxMessage> inbox(String number) {
        return ids(number).stream()
                .map(byId::get)
                .filter(Objects::nonNull)
                .map(Verification::delivery)
                .filter(Objects::nonNull)
                .toList();
    }

    /** Atomically replaces the verification with {@code change} applied to it as seen at {@code now}. */
    Optional<Verification> update(String id, Instant now, UnaryOperator<Verification> change) {
        return change(id, now, change).map(Change::after);
    }

    /**
     * Like {@link #update}, and tells what was stored before: an expiry seen at {@code now} is stored
     * too, so it shows as a status change even when {@code change} keeps the verification as it is.
     */
    Optional<Change> change(String id, Instant now, UnaryOperator<Verification> change) {
        AtomicReference<Verification> before = new AtomicReference<>();
        Verification after = byId.computeIfPresent(id, (k, v) -> {
            before.set(v);
            return change.apply(v.at(now));
        });
        return after == null ? Optional.empty() : Optional.of(new Change(before.get(), after));
    }

    private Deque<String> ids(String number) {
        return idsByNumber.getOrDefault(number, new ArrayDeque<>());
    }

    /** Only the newest can be pending: every earlier one was aborted when a later one was created. */
    private Optional<Verification> abortPending(String number, Instant now) {
        String newest = ids(number).peekFirst();
        if (newest == null) {
            return Optional.empty();
        }
        return change(newest, now, v -> v.status() == Status.PENDING ? v.finish(Status.ABORTED, null, null, now) : v)
                .filter(Change::statusChanged)
                .map(Change::after);
    }

    private void evict(Instant now) {
        Instant oldest = now.minus(RETENTION);
        while (!creationOrder.isEmpty()) {
            Verification head = byId.get(creationOrder.peekFirst());
            if (head != null
                    && creationOrder.size() < MAX_VERIFICATIONS
                    && head.createdAt().isAfter(oldest)) {
                return;
            }
            remove(creationOrder.pollFirst(), head);
        }
    }

    private void remove(String id, Verification v) {
        byId.remove(id);
        if (v == null) {
            return;
        }
        if (v.reference() != null) {
            idByReference.remove(v.reference(), id);
        }
        idsByNumber.computeIfPresent(v.number(), (n, ids) -> {
            ids.removeLastOccurrence(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}
