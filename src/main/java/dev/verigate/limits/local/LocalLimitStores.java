package dev.verigate.limits.local;

import dev.verigate.limits.Buckets;
import dev.verigate.limits.LimitStores;
import dev.verigate.limits.Permit;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/** Limit decisions in this process only ({@code verigate.store=local}: one instance, dev mode). */
public final class LocalLimitStores implements LimitStores {

    private final Buckets buckets;

    /** @param maxKeys bound on the keys kept ({@code verigate.limits.max-cached-keys}) */
    public LocalLimitStores(long maxKeys) {
        this.buckets = Buckets.of(new LocalCasStore(maxKeys), maxKeys);
    }

    @Override
    public Uni<Permit> decide(Function<Buckets, Uni<Permit>> decision) {
        return Uni.createFrom().deferred(() -> decision.apply(buckets));
    }

    @Override
    public <T> Uni<T> read(Function<Buckets, Uni<T>> look) {
        return Uni.createFrom().deferred(() -> look.apply(buckets));
    }

    @Override
    public Uni<Void> apply(String what, Function<Buckets, Uni<Void>> effect) {
        return Uni.createFrom().deferred(() -> effect.apply(buckets));
    }

    @Override
    public String where() {
        return "local";
    }
}
