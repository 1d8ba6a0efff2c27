package dev.verigate.limits;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * Where limit decisions are made: on Redis, shared by every replica, with a per-replica fallback while Redis is
 * down ({@code limits.redis}), or in this process alone ({@code limits.local}). Which one is
 * {@code backends.StoreBackends}'s choice, from {@code verigate.store}.
 */
public interface LimitStores {

    /** Runs a decision on the buckets decisions use now; fails with a 503 {@code SinchException} when it cannot. */
    Uni<Permit> decide(Function<Buckets, Uni<Permit>> decision);

    /**
     * A look at the buckets decisions use now, changing nothing (an app asking when a number may get its next
     * code); fails with a 503 {@code SinchException} when it cannot be had in time.
     */
    <T> Uni<T> read(Function<Buckets, Uni<T>> look);

    /** An effect on the limits (a refund, a cooldown reset), best effort and never failing. */
    Uni<Void> apply(String what, Function<Buckets, Uni<Void>> effect);

    /** Where decisions are made now: {@code redis}, {@code local}, or {@code down} while Redis is unreachable. */
    String where();

    /** At start-up, before the port opens: what the first requests should find ready. */
    default void start() {}

    /** At shutdown. */
    default void stop() {}
}
