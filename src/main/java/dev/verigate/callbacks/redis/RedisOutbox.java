package dev.verigate.callbacks.redis;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.callbacks.Outbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox as a Redis Stream ({@code vg:{outbox}}) with the consumer group {@code verigate}; dead
 * letters in {@code vg:{outbox}:dead}. Retries use the pending-entries list: an entry not acknowledged
 * stays pending, and once it has been idle for its backoff any replica may XCLAIM it (atomically, so
 * one does), which also takes over entries of replicas that died. The dead letters are bounded in number and
 * age ({@code verigate.callbacks.dead-letters.*}): each new one trims the stream. Every command is bounded in
 * time ({@code verigate.store.timeout}): a Sinch event is answered 503 rather than held while Redis stalls.
 */
public final class RedisOutbox implements Outbox {

    static final String STREAM = "vg:{outbox}";
    static final String DEAD = "vg:{outbox}:dead";
    static final String GROUP = "verigate";

    private final Redis redis;
    private final Backoff backoff;
    private final CallbacksConfig.DeadLetters bounds;
    private final Clock clock;
    private final Duration timeout;
    private volatile boolean groupReady;

    public RedisOutbox(
            Redis redis, Backoff backoff, CallbacksConfig.DeadLetters bounds, Clock clock, Duration timeout) {
        this.redis = redis;
        this.backoff = backoff;
        this.bounds = bounds;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** One command, failed when Redis has not answered within {@code verigate.store.timeout}. */
    private Uni<Response> send(Request request) {
        return redis.send(request)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new IllegalStateException("no answer from Redis within " + timeout));
    }

    @Override
    public Uni<Void> append(String appId, String eventId, String body) {
        return send(Request.cmd(Command.XADD)
                        .arg(STREAM)
                        .arg("*")
                        .arg("app")
                        .arg(appId)
                        .arg("event")
                        .arg(eventId)
                        .arg("body")
                        .arg(body))
                .replaceWithVoid();
    }

    @Override
    public Uni<List<Entry>> due(String consumer, int max) {
        return ensureGroup()
                .flatMap(v -> retries(consumer, max))
                .flatMap(retries -> retries.size() >= max
                        ? Uni.createFrom().item(retries)
                        : fresh(consumer, max - retries.size()).map(fresh -> {
                            List<Entry> all = new ArrayList<>(retries);
                            all.addAll(fresh);
                            return all;
                        }))
                // Redis lost the stream and its group (a restart without persistence, a flush): the next poll makes
                // them again.
                .onFailure(f -> String.valueOf(f.getMessage()).contains("NOGROUP"))
                .invoke(() -> groupReady = false);
    }

    private Uni<List<Entry>> fresh(String consumer, int max) {
        return send(Request.cmd(Command.XREADGROUP)
                        .arg("GROUP")
                        .arg(GROUP)
                        .arg(consumer)
                        .arg("COUNT")
                        .arg(max)
                        .arg("STREAMS")
                        .arg(STREAM)
                        .arg(">"))
                .map(r -> entries(streamEntries(r), 0));
    }

    /** Pending entries idle for at least their own backoff, claimed by this consumer. */
    private Uni<List<Entry>> retries(String consumer, int max) {
        long minIdle = backoff.afterMillis(1);
        return send(Request.cmd(Command.XPENDING)
                        .arg(STREAM)
                        .arg(GROUP)
                        .arg("IDLE")
                        .arg(minIdle)
                        .arg("-")
                        .arg("+")
                        .arg(max))
                .flatMap(pending -> {
                    List<Uni<List<Entry>>> claims = new ArrayList<>();
                    for (Response p : pending) {
                        long deliveries = p.get(3).toLong();
                        long wait = backoff.afterMillis(deliveries);
                        if (p.get(2).toLong() >= wait) {
                            claims.add(send(Request.cmd(Command.XCLAIM)
                                            .arg(STREAM)
                                            .arg(GROUP)
                                            .arg(consumer)
                                            .arg(wait)
                                            .arg(p.get(0).toString()))
                                    .map(claimed -> entries(claimed, deliveries)));
                        }
                    }
                    return claims.isEmpty()
                            ? Uni.createFrom().item(List.<Entry>of())
                            : Uni.join()
                                    .all(claims)
                                    .andFailFast()
                                    .map(lists ->
                                            lists.stream().flatMap(List::stream).toList());
                });
    }

    @Override
    public Uni<Void> delivered(Entry entry) {
        return send(Request.cmd(Command.XACK).arg(STREAM).arg(GROUP).arg(entry.id()))
                .flatMap(r -> send(Request.cmd(Command.XDEL).arg(STREAM).arg(entry.id())))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> deadLetter(Entry entry, String reason) {
        long oldestKept = clock.millis() - bounds.maxAge().toMillis();
        return send(Request.cmd(Command.XADD)
                        .arg(DEAD)
                        .arg("MAXLEN")
                        .arg(bounds.max())
                        .arg("*")
                        .arg("app")
                        .arg(entry.appId())
                        .arg("event")
                        .arg(entry.eventId())
                        .arg("body")
                        .arg(entry.body())
                        .arg("reason")
                        .arg(reason)
                        .arg("attempts")
                        .arg(entry.deliveries() + 1))
                .flatMap(r ->
                        send(Request.cmd(Command.XTRIM).arg(DEAD).arg("MINID").arg(oldestKept + "-0")))
                .flatMap(r -> delivered(entry));
    }

    @Override
    public Uni<List<Entry>> deadLetters(int max) {
        return send(Request.cmd(Command.XRANGE)
                        .arg(DEAD)
                        .arg("-")
                        .arg("+")
                        .arg("COUNT")
                        .arg(max))
                .map(r -> entries(r, 0));
    }

    @Override
    public Uni<Boolean> replay(String deadLetterId) {
        return send(Request.cmd(Command.XRANGE).arg(DEAD).arg(deadLetterId).arg(deadLetterId))
                .flatMap(r -> {
                    List<Entry> found = entries(r, 0);
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    Entry e = found.get(0);
                    return append(e.appId(), e.eventId(), e.body())
                            .flatMap(v ->
                                    send(Request.cmd(Command.XDEL).arg(DEAD).arg(deadLetterId)))
                            .replaceWith(true);
                });
    }

    @Override
    public Uni<Stats> stats(long nowMillis) {
        Uni<Long> depth = send(Request.cmd(Command.XLEN).arg(STREAM)).map(Response::toLong);
        Uni<Long> dead = send(Request.cmd(Command.XLEN).arg(DEAD)).map(Response::toLong);
        Uni<Long> oldest = send(Request.cmd(Command.XRANGE)
                        .arg(STREAM)
                        .arg("-")
                        .arg("+")
                        .arg("COUNT")
                        .arg(1))
                .map(r -> entries(r, 0).stream()
                        .mapToLong(e -> nowMillis - e.enqueuedAtMillis())
                        .findFirst()
                        .orElse(0));
        return Uni.combine().all().unis(depth, oldest, dead).with(Stats::new);
    }

    private Uni<Void> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().voidItem();
        }
        return send(Request.cmd(Command.XGROUP)
                        .arg("CREATE")
                        .arg(STREAM)
                        .arg(GROUP)
                        .arg("0")
                        .arg("MKSTREAM"))
                .onFailure(f -> String.valueOf(f.getMessage()).contains("BUSYGROUP"))
                .recoverWithNull()
                .invoke(() -> groupReady = true)
                .replaceWithVoid();
    }

    /** XREADGROUP answers [[stream, entries]] (RESP2) or {stream: entries} (RESP3); null when empty. */
    private static Response streamEntries(Response r) {
        if (r == null || r.size() == 0) {
            return null;
        }
        try {
            if (!r.getKeys().isEmpty()) {
                return r.get(r.getKeys().iterator().next());
            }
        } catch (RuntimeException notAMap) {
            Log.tracef("XREADGROUP answered an array: %s", notAMap.toString());
        }
        return r.get(0).get(1);
    }

    private static List<Entry> entries(Response list, long deliveries) {
        List<Entry> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Response e : list) {
            if (e == null || e.size() < 2 || e.get(1) == null) {
                continue; // claimed entries that were deleted meanwhile come back empty
            }
            String id = e.get(0).toString();
            Response fields = e.get(1);
            String app = null;
            String event = null;
            String body = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "app" -> app = fields.get(i + 1).toString();
                    case "event" -> event = fields.get(i + 1).toString();
                    case "body" -> body = fields.get(i + 1).toString();
                    default -> {}
                }
            }
            out.add(new Entry(id, app, event, body, Long.parseLong(id.substring(0, id.indexOf('-'))), deliveries));
        }
        return out;
    }
}
