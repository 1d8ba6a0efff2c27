package dev.verigate.callbacks;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Durable queue of events owed to app webhooks: a Redis Stream with a consumer group (every replica
 * delivers, a crashed replica's entries are claimed by the others; {@code callbacks.redis}), or in process for the
 * local store ({@code callbacks.local}). An entry stays until delivered or dead-lettered: nothing accepted is lost.
 */
public interface Outbox {

    /** An event owed to an app; {@code deliveries} counts attempts so far. */
    record Entry(String id, String appId, String eventId, String body, long enqueuedAtMillis, long deliveries) {}

    /** What operators watch. */
    record Stats(long depth, long oldestAgeMillis, long deadLetters) {}

    Uni<Void> append(String appId, String eventId, String body);

    /** New entries, and entries whose last attempt is older than their backoff, claimed for this consumer. */
    Uni<List<Entry>> due(String consumer, int max);

    Uni<Void> delivered(Entry entry);

    Uni<Void> deadLetter(Entry entry, String reason);

    Uni<List<Entry>> deadLetters(int max);

    /** Puts a dead letter back in the outbox as a new entry; false when there is no such dead letter. */
    Uni<Boolean> replay(String deadLetterId);

    Uni<Stats> stats(long nowMillis);
}
