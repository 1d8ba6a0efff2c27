package dev.verigate.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verigate.store.GatewayStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Each signed request is accepted once. Sinch's scheme signs the x-timestamp, not a nonce, so a captured request
 * would otherwise authenticate again until its timestamp leaves the allowed skew: every replay of a start would
 * send another SMS. Verigate (stricter than Sinch here) remembers every accepted signature until then, in the
 * gateway store ({@code SET NX PX}, shared by every replica), and refuses a repeat with 401/40190.
 *
 * <p>While the store does not answer, the signatures are remembered by this replica only (the most recent
 * {@value #LOCAL_CAPACITY}), so a replay to the same replica is still refused; those decisions are counted.
 */
@Singleton
public class ReplayGuard {

    static final String PREFIX = "vg:seen:";
    static final int LOCAL_CAPACITY = 100_000;

    private final GatewayStore store;
    private final Cache<String, Boolean> local;
    private final Counter replays;
    private final Counter localOnly;

    ReplayGuard(GatewayStore store, MeterRegistry meters) {
        this.store = store;
        this.local = Caffeine.newBuilder()
                .maximumSize(LOCAL_CAPACITY)
                .expireAfterWrite(Duration.ofHours(1))
                .executor(Runnable::run)
                .build();
        this.replays = Counter.builder("verigate.auth.replays")
                .description("Signed requests refused because the same signature was accepted before")
                .register(meters);
        this.localOnly = Counter.builder("verigate.auth.replay.checks.local")
                .description("Replay checks decided by this replica alone (the gateway store did not answer)")
                .register(meters);
    }

    /**
     * True when this is the first time the signed request is seen (or it is not signed: Basic has nothing to
     * remember). Never fails: a store failure falls back to this replica's memory.
     */
    public Uni<Boolean> firstSight(AuthResult<?> auth, Instant now) {
        if (auth.signature() == null) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        Duration ttl = Duration.between(now, auth.replayableUntil()).plusSeconds(1);
        return store.setIfAbsent(PREFIX + auth.signature(), "1", ttl)
                .onFailure()
                .recoverWithItem(() -> {
                    localOnly.increment();
                    return local.asMap().putIfAbsent(auth.signature(), Boolean.TRUE) == null;
                })
                .invoke(first -> {
                    if (!first) {
                        replays.increment();
                    }
                });
    }

    /**
     * Forgets a signature whose request was not carried out (the gateway answered 5xx and asked for a retry), so
     * that the sender may send the same bytes again. Best effort: the answer was a failure either way.
     */
    public Uni<Void> forget(AuthResult<?> auth) {
        if (auth.signature() == null) {
            return Uni.createFrom().voidItem();
        }
        local.invalidate(auth.signature());
        return store.delete(PREFIX + auth.signature()).onFailure().recoverWithNull();
    }
}
