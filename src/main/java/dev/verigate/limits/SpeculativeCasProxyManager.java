package dev.verigate.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's compare-and-swap proxy over a {@link CasStore}, without the GET before every swap.
 *
 * <p>Bucket4j reads a bucket's state, computes the new state locally and swaps it in. Reading first
 * costs a round trip per decision (two for a new key). Here the read is speculative: the last state
 * this replica saw or wrote for the key, or "absent" for a key it never saw. The swap checks the
 * speculation atomically; when it was wrong the store answers the state it found, and Bucket4j's
 * retry uses that state — still no GET. So a decision costs one round trip when the speculation
 * holds (a new number; a hot key only this replica writes) and two when it does not.
 *
 * <p>A speculative state can only be stale towards fewer tokens than the truth when another replica
 * gave tokens back; {@link #forget} lets the caller confirm a rejection against the store.
 */
final class SpeculativeCasProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    private static final byte[] ABSENT = new byte[0];

    private final CasStore store;
    private final Cache<String, byte[]> lastSeen;
    private final ExpirationAfterWriteStrategy expiry;

    /**
     * A swap is never timed out here: a swap given up while Redis still runs it would leave its outcome
     * unknown. Decisions are timed as a whole instead ({@link TimedDecision}), and a late one reconciled.
     *
     * @param expiry how long a key lives after a write (every key gets a TTL)
     * @param maxKeys bound on the keys whose last state is remembered
     */
    SpeculativeCasProxyManager(CasStore store, ExpirationAfterWriteStrategy expiry, long maxKeys) {
        super(ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(expiry));
        this.store = store;
        this.expiry = expiry;
        this.lastSeen = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .executor(Runnable::run)
                .build();
    }

    /** Drops what this replica believes about the key; true when it believed a state (not absence). */
    boolean forget(String key) {
        byte[] seen = lastSeen.asMap().remove(key);
        return seen != null && seen != ABSENT;
    }

    CasStore store() {
        return store;
    }

    /** Takes {@code state} (read from the store just now) as what this replica believes about the key. */
    void remember(String key, Optional<byte[]> state) {
        lastSeen.put(key, state.orElse(ABSENT));
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new Operation(key);
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        // Bucket4j's blocking API; Verigate only uses the async one, so this is never on the event loop.
        Operation async = new Operation(key);
        return new CompareAndSwapOperation() {
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return async.getStateData(timeoutNanos).join();
            }

            public boolean compareAndSwap(
                    byte[] expected, byte[] next, RemoteBucketState state, Optional<Long> timeoutNanos) {
                return async.compareAndSwap(expected, next, state, timeoutNanos).join();
            }
        };
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        lastSeen.invalidate(key);
        return store.delete(key).subscribeAsCompletionStage();
    }

    @Override
    public void removeProxy(String key) {
        removeAsync(key).join();
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    private final class Operation implements AsyncCompareAndSwapOperation {
        private final String key;
        private byte[] found;

        Operation(String key) {
            this.key = key;
            this.found = lastSeen.getIfPresent(key);
        }

        @Override
        public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
            return CompletableFuture.completedFuture(
                    found == null || found == ABSENT ? Optional.empty() : Optional.of(found));
        }

        @Override
        public CompletableFuture<Boolean> compareAndSwap(
                byte[] expected, byte[] next, RemoteBucketState state, Optional<Long> timeoutNanos) {
            long ttl = expiry.calculateTimeToLiveMillis(state, currentTimeNanos());
            return store.compareAndSwap(key, expected, next, ttl)
                    .map(outcome -> {
                        found = outcome.swapped() ? next : outcome.current().orElse(ABSENT);
                        lastSeen.put(key, found);
                        return outcome.swapped();
                    })
                    .onFailure()
                    .invoke(() -> lastSeen.invalidate(key))
                    .subscribeAsCompletionStage();
        }
    }
}
