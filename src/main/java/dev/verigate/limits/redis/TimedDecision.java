package dev.verigate.limits.redis;

import dev.verigate.limits.Permit;
import dev.verigate.store.redis.RedisLanes;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One decision on Redis within its time budget, where only Redis's own slowness spends the budget. At the
 * deadline the decision expires only if a write to Redis has waited for its answer longer than the budget
 * ({@link RedisLanes#stalledNanos()}) and Redis is slow by the probe's own round trips too
 * ({@link RedisHealth#pace}): time spent in this replica (a cold or busy event loop that has not read its
 * answers yet, a command queued behind another on a hot key) does not count. Otherwise the deadline moves on.
 *
 * <p>An expired request gets its answer at once ({@link Hooks#expired()}: a 503 for that request only), but the
 * decision is not cancelled: it runs to its end in Redis, and whatever it took is then given back
 * ({@link Permit#release()}), so a late answer never charges a token and nothing is decided twice.
 */
final class TimedDecision {

    /** What happens around a timed decision: when it expires, when a late one is reconciled, when it ends. */
    interface Hooks {
        /** The answer for a request whose decision ran out of its budget. */
        Throwable expired();

        /** A decision that was answered as expired came back allowed; its permit was released. */
        void reconciled();

        /** A decision that was answered as expired failed later: what it did in Redis is unknown. */
        void unknown(Throwable failure);

        /** The decision ended (answered, or late and reconciled): its admission slot is free again. */
        void ended();
    }

    private static final int RUNNING = 0;
    private static final int ANSWERED = 1;
    private static final int EXPIRED = 2;

    private final UniEmitter<? super Permit> emitter;
    private final long budgetNanos;
    private final RedisLanes lanes;
    private final RedisHealth health;
    private final EventExecutor loop;
    private final Hooks hooks;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile ScheduledFuture<?> timer;

    private TimedDecision(
            UniEmitter<? super Permit> emitter, long budgetNanos, RedisLanes lanes, RedisHealth health, Hooks hooks) {
        this.emitter = emitter;
        this.budgetNanos = budgetNanos;
        this.lanes = lanes;
        this.health = health;
        this.loop = lanes.timerLoop();
        this.hooks = hooks;
    }

    static Uni<Permit> run(
            Supplier<Uni<Permit>> work, long budgetNanos, RedisLanes lanes, RedisHealth health, Hooks hooks) {
        return Uni.createFrom().emitter(emitter -> {
            TimedDecision decision = new TimedDecision(emitter, budgetNanos, lanes, health, hooks);
            decision.schedule(decision::halfway, budgetNanos / 2);
            work.get().subscribe().with(decision::done, decision::failed);
        });
    }

    private void schedule(Runnable task, long delayNanos) {
        timer = loop.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        if (state.get() != RUNNING) {
            timer.cancel(false);
        }
    }

    private void arm(long delayNanos) {
        schedule(this::deadline, delayNanos);
    }

    /**
     * Half the budget gone and a write still unanswered: ask the probe now, so that by the deadline it can tell
     * a slow Redis from a busy replica.
     */
    private void halfway() {
        if (state.get() != RUNNING) {
            return;
        }
        if (lanes.stalledNanos() >= budgetNanos / 2) {
            health.pace(budgetNanos);
        }
        arm(budgetNanos - budgetNanos / 2);
    }

    /**
     * An answer may wait unread behind this very task: a scheduled task only runs after the event loop's next
     * I/O pass, so judging from one reads the sockets first.
     */
    private void deadline() {
        if (state.get() == RUNNING) {
            timer = loop.schedule(this::judge, 1, TimeUnit.MICROSECONDS);
        }
    }

    private void judge() {
        if (state.get() != RUNNING) {
            return;
        }
        long stalled = lanes.stalledNanos();
        if (stalled < budgetNanos) {
            arm(budgetNanos - stalled);
            return;
        }
        switch (health.pace(budgetNanos)) {
            case FAST -> arm(budgetNanos); // Redis answers in time: the wait is this replica's own
            case UNKNOWN -> arm(budgetNanos / 4); // a probe is on its way
            case SLOW -> {
                if (state.compareAndSet(RUNNING, EXPIRED)) {
                    emitter.fail(hooks.expired());
                }
            }
        }
    }

    private void done(Permit permit) {
        if (state.compareAndSet(RUNNING, ANSWERED)) {
            cancelTimer();
            emitter.complete(permit);
        } else if (permit.allowed()) {
            permit.release()
                    .subscribe()
                    .with(
                            ignored -> {
                                hooks.reconciled();
                                hooks.ended();
                            },
                            f -> {
                                hooks.unknown(f);
                                hooks.ended();
                            });
            return;
        }
        hooks.ended();
    }

    private void failed(Throwable failure) {
        if (state.compareAndSet(RUNNING, ANSWERED)) {
            cancelTimer();
            emitter.fail(failure);
        } else {
            hooks.unknown(failure);
        }
        hooks.ended();
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
