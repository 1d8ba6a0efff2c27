package dev.verigate.limits;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * Where bucket states and cooldowns live: Redis shared by every replica, or this process. Each
 * operation is atomic on one key; everything is asynchronous.
 */
public interface CasStore {

    /** The outcome of a compare-and-swap: swapped, or the state actually found (empty if absent). */
    record CasOutcome(boolean swapped, Optional<byte[]> current) {
        public static final CasOutcome SWAPPED = new CasOutcome(true, Optional.empty());
    }

    /** Stores {@code next} if the key holds {@code expected} (null: the key must be absent). */
    Uni<CasOutcome> compareAndSwap(String key, byte[] expected, byte[] next, long ttlMillis);

    Uni<Optional<byte[]>> get(String key);

    Uni<Void> delete(String key);

    /** Takes a start slot of the number's cooldown, or says how long to wait. */
    Uni<CooldownOutcome> acquireCooldown(String key, CooldownPolicy policy, long nowMillis, String token);

    /** How long the number's next start would wait for its cooldown now (0: it may go), changing nothing. */
    Uni<Long> peekCooldown(String key, CooldownPolicy policy, long nowMillis);

    /** The conversion guard of a prefix: may this start go, and count it (see {@link GuardParams}). */
    Uni<GuardOutcome> guardStart(String key, GuardParams params, long nowMillis, String token);

    /** Undoes a start the guard counted in {@code slot}, and the trickle slot {@code token} took if still the last. */
    Uni<Void> guardRelease(String key, long slot, String token);

    /** How long the prefix's next start would wait for the guard's trickle now (0: it may go), changing nothing. */
    Uni<Long> peekGuard(String key, long nowMillis);

    /** An app's spend of the day and of the month now (micro-units), changing nothing. */
    Uni<long[]> peekBudget(BudgetKeys keys);

    /** Counts a verified verification to the prefix. */
    Uni<Void> guardVerified(String key, GuardParams params, long nowMillis);

    /**
     * Charges {@code micros} to an app's spend of the day and month unless that passes a cap ({@code -1}: none),
     * and records the charge for its settlement.
     */
    Uni<BudgetOutcome> budgetCharge(BudgetKeys keys, long micros, long dailyCapMicros, long monthlyCapMicros);

    /**
     * Settles a charge once: replaced by Sinch's price ({@code actualMicros}), or given back whole ({@code -1}); the
     * spend moves by the difference. Empty when there was no charge left to settle.
     */
    Uni<Optional<Long>> budgetSettle(BudgetKeys keys, long actualMicros);

    /** Gives back the slot {@code token} took, unless a later start already moved on. */
    Uni<Void> releaseCooldown(String key, String token);
}
