package dev.verigate.limits;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the Redis commands issued during one event-loop turn as one pipelined batch, so the checks of
 * a decision (and of concurrent decisions on the same loop) cost one network round trip together.
 * Off the event loop each command goes alone.
 */
final class RedisPipeline {

    private record Pending(Request request, UniEmitter<? super Response> emitter) {
    }

    private static final ThreadLocal<List<Pending>> OPEN_BATCH = new ThreadLocal<>();

    private final Redis redis;
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder commands = new LongAdder();

    RedisPipeline(Redis redis) {
        this.redis = redis;
    }

    Uni<Response> send(Request request) {
        return Uni.createFrom().emitter(emitter -> enqueue(new Pending(request, emitter)));
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    long commands() {
        return commands.sum();
    }

    private void enqueue(Pending pending) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            flush(List.of(pending));
            return;
        }
        List<Pending> batch = OPEN_BATCH.get();
        if (batch == null) {
            batch = new ArrayList<>(8);
            OPEN_BATCH.set(batch);
            context.runOnContext(ignored -> {
                List<Pending> due = OPEN_BATCH.get();
                OPEN_BATCH.remove();
                flush(due);
            });
        }
        batch.add(pending);
    }

    private void flush(List<Pending> batch) {
        roundTrips.increment();
        commands.add(batch.size());
        if (batch.size() == 1) {
            Pending only = batch.get(0);
            redis.send(only.request()).subscribe().with(only.emitter()::complete, only.emitter()::fail);
            return;
        }
        List<Request> requests = new ArrayList<>(batch.size());
        batch.forEach(p -> requests.add(p.request()));
        redis.batch(requests).subscribe().with(responses -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).emitter().complete(responses.get(i));
            }
        }, failure -> batch.forEach(p -> p.emitter().fail(failure)));
    }
}
