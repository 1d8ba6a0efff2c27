package dev.verigate.store.redis;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.ZModem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Redis for the request path (limit decisions, ownership and idempotency records): one lane per event loop, each with its own client and connection created on that
 * loop, so a decision's commands are written and answered on the request's own thread. The commands a lane
 * collects during one event-loop turn leave in one pipelined write (one write per hash slot on a Redis Cluster,
 * where a batch must stay on one node). Each lane knows since when its oldest unanswered write has waited
 * ({@link #stalledNanos()}): that is how slow Redis is, whatever this replica's own queues add.
 *
 * <p>Failures are classified ({@link StoreFailure}): a connection that cannot be made means nothing was
 * written; a connection lost after the write, or an error answer, leaves the outcome unknown.
 */
public final class RedisLanes {

    private record Pending(Request request, int slot, UniEmitter<? super Response> emitter, Context caller) {}

    /** One write in flight: when it left, and whether its answer came. */
    private static final class Flight {
        final long writtenNanos;
        boolean answered;

        Flight(long writtenNanos) {
            this.writtenNanos = writtenNanos;
        }
    }

    private final VertxInternal vertx;
    private final RedisOptions options;
    private final boolean cluster;
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicInteger nextLane = new AtomicInteger();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder commands = new LongAdder();

    /**
     * @param options the Redis client options (copied; each lane uses a small pool of its own)
     */
    public RedisLanes(Vertx vertx, RedisOptions options) {
        this.vertx = (VertxInternal) vertx;
        this.options = options;
        this.cluster = options.getType() == RedisClientType.CLUSTER;
        int i = 0;
        for (EventExecutor loop : this.vertx.nettyEventLoopGroup()) {
            lanes.add(new Lane(i++, (EventLoop) loop));
        }
    }

    /** Sends one command about {@code key} (its hash slot routes it on a cluster). */
    public Uni<Response> send(String key, Request request) {
        return Uni.createFrom().emitter(emitter -> {
            Pending p = new Pending(request, cluster ? ZModem.generate(key) : 0, emitter, Vertx.currentContext());
            Lane own = ownLane();
            if (own != null) {
                own.enqueue(p);
            } else {
                Lane any = lanes.get(Math.floorMod(nextLane.getAndIncrement(), lanes.size()));
                any.loop.execute(() -> any.enqueue(p));
            }
        });
    }

    /** The event loop to time things on: this thread's own when it is one, else any lane's. */
    public EventExecutor timerLoop() {
        Lane own = ownLane();
        return own != null ? own.loop : lanes.get(0).loop;
    }

    /** Makes every lane's connection now (at start-up), instead of on each lane's first command. */
    public Uni<Void> connectAll() {
        List<Uni<Void>> all = lanes.stream()
                .map(lane -> Uni.createFrom()
                        .<Void>emitter(e -> lane.loop.execute(() -> lane.context.dispatch(() -> lane.connectNow(e)))))
                .toList();
        return Uni.join().all(all).andFailFast().replaceWithVoid();
    }

    /**
     * How long the oldest write still waiting for Redis's answer has waited, over all lanes (0 when none
     * waits). Time a command spends in this replica before its write does not count.
     */
    public long stalledNanos() {
        long now = System.nanoTime();
        long longest = 0;
        for (Lane lane : lanes) {
            long since = lane.oldestWrite;
            if (since != 0) {
                longest = Math.max(longest, now - since);
            }
        }
        return longest;
    }

    public long roundTrips() {
        return roundTrips.sum();
    }

    public long commands() {
        return commands.sum();
    }

    /** Drops every lane's connection (stuck commands then fail); the next command connects again. */
    public void reset() {
        lanes.forEach(lane -> lane.loop.execute(lane::drop));
    }

    /** Closes every lane's client. */
    public void close() {
        lanes.forEach(lane -> lane.loop.execute(() -> {
            lane.drop();
            lane.client.close();
        }));
    }

    private Lane ownLane() {
        for (Lane lane : lanes) {
            if (lane.loop.inEventLoop()) {
                return lane;
            }
        }
        return null;
    }

    /** One event loop's connection to Redis and the commands waiting for the next write. Confined to its loop. */
    private final class Lane {
        final EventLoop loop;
        final ContextInternal context;
        final Redis client;
        final Runnable flushTask;
        RedisConnection connection;
        boolean connecting;
        boolean flushScheduled;
        List<Pending> open = new ArrayList<>();
        List<Pending> awaitingConnection = new ArrayList<>();
        final ArrayDeque<Flight> flights = new ArrayDeque<>();
        volatile long oldestWrite;

        Lane(int index, EventLoop loop) {
            this.loop = loop;
            this.context = vertx.createEventLoopContext(loop, null, RedisLanes.class.getClassLoader());
            RedisOptions own = new RedisOptions(options)
                    .setMaxPoolSize(2)
                    .setMaxPoolWaiting(16)
                    .setPoolName("verigate-limits-" + index);
            own.getNetClientOptions().setMetricsName("redis|verigate-limits-" + index);
            Redis[] created = new Redis[1];
            // The client's connections live on the context it is created on: this lane's loop.
            context.dispatch(() -> created[0] = Redis.createClient(vertx, own));
            this.client = created[0];
            this.flushTask = () -> context.dispatch(this::flush);
        }

        void enqueue(Pending p) {
            open.add(p);
            if (!flushScheduled) {
                flushScheduled = true;
                loop.execute(flushTask);
            }
        }

        private void flush() {
            flushScheduled = false;
            List<Pending> due = open;
            open = new ArrayList<>(Math.max(8, due.size()));
            if (connection != null) {
                write(connection, due);
                return;
            }
            awaitingConnection.addAll(due);
            if (!connecting) {
                connecting = true;
                client.connect().onComplete(this::connected);
            }
        }

        void connectNow(UniEmitter<? super Void> done) {
            if (connection != null) {
                done.complete(null);
                return;
            }
            client.connect().onComplete(result -> {
                if (result.succeeded() && connection == null && !connecting) {
                    adopt(result.result());
                } else if (result.succeeded()) {
                    result.result().close();
                }
                if (result.succeeded()) {
                    done.complete(null);
                } else {
                    done.fail(new StoreFailure(StoreFailure.Kind.UNREACHABLE, result.cause()));
                }
            });
        }

        private void adopt(RedisConnection c) {
            connection = c;
            c.exceptionHandler(t -> lost(c)).endHandler(v -> lost(c));
        }

        private void connected(AsyncResult<RedisConnection> result) {
            connecting = false;
            List<Pending> waiting = awaitingConnection;
            awaitingConnection = new ArrayList<>();
            if (result.failed()) {
                StoreFailure f = new StoreFailure(StoreFailure.Kind.UNREACHABLE, result.cause());
                waiting.forEach(p -> fail(p, f));
                return;
            }
            RedisConnection c = result.result();
            adopt(c);
            write(c, waiting);
        }

        private void lost(RedisConnection c) {
            if (connection == c) {
                connection = null;
            }
        }

        void drop() {
            RedisConnection c = connection;
            connection = null;
            flights.clear();
            oldestWrite = 0;
            if (c instanceof PooledRedisConnection pooled) {
                pooled.actual().forceClose();
            } else if (c != null) {
                c.close();
            }
        }

        private void write(RedisConnection c, List<Pending> due) {
            if (due.isEmpty()) {
                return;
            }
            if (!cluster) {
                send(c, due);
                return;
            }
            Map<Integer, List<Pending>> bySlot = new LinkedHashMap<>();
            due.forEach(p ->
                    bySlot.computeIfAbsent(p.slot(), s -> new ArrayList<>()).add(p));
            bySlot.values().forEach(group -> send(c, group));
        }

        private Flight departed() {
            Flight f = new Flight(System.nanoTime());
            if (flights.isEmpty()) {
                oldestWrite = f.writtenNanos;
            }
            flights.add(f);
            return f;
        }

        /** Answers may come out of order on a cluster: the oldest unanswered write stays at the head. */
        private void arrived(Flight f) {
            f.answered = true;
            while (!flights.isEmpty() && flights.peek().answered) {
                flights.poll();
            }
            Flight head = flights.peek();
            oldestWrite = head == null ? 0 : head.writtenNanos;
        }

        private void send(RedisConnection c, List<Pending> batch) {
            roundTrips.increment();
            commands.add(batch.size());
            Flight flight = departed();
            if (batch.size() == 1) {
                Pending only = batch.get(0);
                c.send(only.request()).onComplete(r -> {
                    arrived(flight);
                    if (r.succeeded()) {
                        complete(only, r.result());
                    } else {
                        fail(only, classify(c, r.cause()));
                    }
                });
                return;
            }
            List<Request> requests = new ArrayList<>(batch.size());
            batch.forEach(p -> requests.add(p.request()));
            c.batch(requests).onComplete(r -> {
                arrived(flight);
                if (r.succeeded()) {
                    List<Response> responses = r.result();
                    for (int i = 0; i < batch.size(); i++) {
                        complete(batch.get(i), responses.get(i));
                    }
                } else {
                    StoreFailure f = classify(c, r.cause());
                    batch.forEach(p -> fail(p, f));
                }
            });
        }

        private StoreFailure classify(RedisConnection c, Throwable cause) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("waiting queue is full")) {
                return new StoreFailure(StoreFailure.Kind.OVERLOADED, cause);
            }
            if (connection != c || message.contains("CONNECTION_CLOSED") || message.contains("Connection is closed")) {
                lost(c);
                return new StoreFailure(StoreFailure.Kind.LOST, cause);
            }
            return new StoreFailure(StoreFailure.Kind.REPLY_ERROR, cause);
        }

        /** Completes on the caller's own context (same thread), so its request context and log MDC hold. */
        private void complete(Pending p, Response response) {
            Context caller = p.caller();
            if (caller instanceof ContextInternal internal && caller != context && internal.nettyEventLoop() == loop) {
                internal.dispatch(() -> p.emitter().complete(response));
            } else {
                p.emitter().complete(response);
            }
        }

        private void fail(Pending p, StoreFailure failure) {
            Context caller = p.caller();
            if (caller instanceof ContextInternal internal && caller != context && internal.nettyEventLoop() == loop) {
                internal.dispatch(() -> p.emitter().fail(failure));
            } else {
                p.emitter().fail(failure);
            }
        }
    }
}
