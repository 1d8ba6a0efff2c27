package dev.verigate.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.AsyncVerboseBucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The token buckets of one store. One proxy is kept per key (bounded), so that Bucket4j's batching
 * merges the concurrent requests of this replica on a hot key (an app, a country) into one swap. The
 * per-replica fallback applies each rule's local share instead of the rule ({@link #sharedBy}).
 */
public final class Buckets {

    /** A bucket's key outlives a full refill by this much, then Redis drops it. */
    private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

    private final SpeculativeCasProxyManager manager;
    private final Cache<String, AsyncBucketProxy> proxies;
    private final UnaryOperator<Rule> share;

    /** Buckets on {@code store} applying every rule as configured; at most {@code maxKeys} proxies kept. */
    public static Buckets of(CasStore store, long maxKeys) {
        return new Buckets(store, maxKeys, rule -> rule);
    }

    /**
     * Buckets on {@code store} applying one replica's share of every rule: 1/n of its tokens, n being what
     * {@code replicas} says at each decision (the per-replica fallback while the shared store is down).
     */
    public static Buckets sharedBy(CasStore store, long maxKeys, IntSupplier replicas) {
        return new Buckets(store, maxKeys, rule -> rule.sharedBy(replicas.getAsInt()));
    }

    /**
     * @param share the rule as this store applies it (the identity, or the fallback's share of it)
     */
    private Buckets(CasStore store, long maxKeys, UnaryOperator<Rule> share) {
        this.manager = new SpeculativeCasProxyManager(
                store, ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL), maxKeys);
        this.proxies = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .executor(Runnable::run)
                .build();
        this.share = share;
    }

    CasStore store() {
        return manager.store();
    }

    /**
     * Takes one token; the answer carries the bucket's state after it (the tokens of each bandwidth). A
     * rejection decided on a remembered state is confirmed against the store once, since another replica
     * may have given tokens back since.
     */
    Uni<VerboseResult<ConsumptionProbe>> take(Rule configured) {
        Rule rule = share.apply(configured);
        AsyncVerboseBucket bucket = proxy(rule).asVerbose();
        return Uni.createFrom()
                .completionStage(() -> bucket.tryConsumeAndReturnRemaining(1))
                .flatMap(taken -> taken.getValue().isConsumed() || !manager.forget(rule.key())
                        ? Uni.createFrom().item(taken)
                        : Uni.createFrom().completionStage(() -> bucket.tryConsumeAndReturnRemaining(1)));
    }

    /**
     * Whether one token could be taken now, and if not how long until it could, without taking it. Reads the
     * bucket's state from the store first: a speculation is only checked by a swap, and a look swaps nothing.
     */
    Uni<EstimationProbe> peek(Rule configured) {
        Rule rule = share.apply(configured);
        AsyncBucketProxy bucket = proxy(rule);
        return manager.store()
                .get(rule.key())
                .invoke(state -> manager.remember(rule.key(), state))
                .flatMap(state -> Uni.createFrom().completionStage(() -> bucket.estimateAbilityToConsume(1)));
    }

    /** {@link #take} without the state. */
    Uni<ConsumptionProbe> tryConsume(Rule configured) {
        return take(configured).map(VerboseResult::getValue);
    }

    Uni<Void> giveBack(Rule configured) {
        AsyncBucketProxy bucket = proxy(share.apply(configured));
        return Uni.createFrom().completionStage(() -> bucket.addTokens(1));
    }

    private AsyncBucketProxy proxy(Rule rule) {
        return proxies.get(
                rule.key(),
                key -> manager.asAsync()
                        .builder()
                        .withOptimization(Optimizations.batching())
                        .withImplicitConfigurationReplacement(rule.version(), TokensInheritanceStrategy.PROPORTIONALLY)
                        .build(key, () -> CompletableFuture.completedFuture(rule.configuration())));
    }
}
