package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.ConsumptionProbe;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What every limits store must do, run against the local store and against Redis: atomic
 * compare-and-swap that answers the state it found, TTLs, the cooldown arithmetic, and exact token
 * counts for two replicas sharing the store.
 */
abstract class CasStoreContract {

    /** A store; each call may return a new instance over the same data (a second replica). */
    abstract CasStore store();

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }

    static String key(String name) {
        return "vg:test:{" + name + "-" + UUID.randomUUID() + "}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void swapOnAnAbsentKeySucceedsOnceThenAnswersTheStateFound() {
        CasStore store = store();
        String k = key("cas");
        assertTrue(await(store.compareAndSwap(k, null, bytes("one"), 60_000)).swapped());
        CasStore.CasOutcome again = await(store.compareAndSwap(k, null, bytes("two"), 60_000));
        assertFalse(again.swapped());
        assertArrayEquals(bytes("one"), again.current().orElseThrow());
    }

    @Test
    void swapChecksTheExpectedState() {
        CasStore store = store();
        String k = key("cas");
        await(store.compareAndSwap(k, null, bytes("one"), 60_000));
        CasStore.CasOutcome stale = await(store.compareAndSwap(k, bytes("zero"), bytes("two"), 60_000));
        assertFalse(stale.swapped());
        assertArrayEquals(bytes("one"), stale.current().orElseThrow());
        assertTrue(await(store.compareAndSwap(k, bytes("one"), bytes("two"), 60_000))
                .swapped());
        assertArrayEquals(bytes("two"), await(store.get(k)).orElseThrow());
        CasStore.CasOutcome gone = await(store.compareAndSwap(key("absent"), bytes("x"), bytes("y"), 60_000));
        assertFalse(gone.swapped());
        assertTrue(gone.current().isEmpty(), "an absent key answers no state");
    }

    @Test
    void everyWriteExpires() {
        CasStore store = store();
        String k = key("ttl");
        await(store.compareAndSwap(k, null, bytes("short"), 150));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> await(store.get(k)).isEmpty());
    }

    @Test
    void cooldownWaitsGrowGeometricallyUpToTheMax() {
        CasStore store = store();
        String k = key("cooldown");
        CooldownPolicy p = new CooldownPolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(30), Duration.ofHours(1));
        long t = 1_000_000;
        // 1st start free; the 2nd waits 10 s after it, the 3rd 20 s after the 2nd, the 4th 30 s (capped, not 40).
        assertEquals(new CooldownOutcome(0, 1), await(store.acquireCooldown(k, p, t, "a")));
        assertEquals(new CooldownOutcome(4_000, 1), await(store.acquireCooldown(k, p, t + 6_000, "b")));
        assertEquals(new CooldownOutcome(0, 2), await(store.acquireCooldown(k, p, t + 10_000, "c")));
        assertEquals(new CooldownOutcome(20_000, 2), await(store.acquireCooldown(k, p, t + 10_000, "d")));
        assertEquals(new CooldownOutcome(0, 3), await(store.acquireCooldown(k, p, t + 30_000, "e")));
        assertEquals(new CooldownOutcome(30_000, 3), await(store.acquireCooldown(k, p, t + 30_000, "f")));
        assertEquals(new CooldownOutcome(0, 4), await(store.acquireCooldown(k, p, t + 60_000, "g")));
        await(store.delete(k));
        assertEquals(
                new CooldownOutcome(0, 1),
                await(store.acquireCooldown(k, p, t + 60_001, "h")),
                "a reset starts the count again");
    }

    @Test
    void aPeekAtTheCooldownSaysWhatTheNextStartWouldWaitAndTakesNothing() {
        CasStore store = store();
        String k = key("peek");
        long t = 1_000_000;
        CooldownPolicy p = new CooldownPolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(30), Duration.ofHours(1));
        assertEquals(0L, await(store.peekCooldown(k, p, t)), "no start yet");
        await(store.acquireCooldown(k, p, t, "a"));
        assertEquals(4_000L, await(store.peekCooldown(k, p, t + 6_000)));
        assertEquals(4_000L, await(store.peekCooldown(k, p, t + 6_000)), "a peek takes no slot");
        assertEquals(new CooldownOutcome(4_000, 1), await(store.acquireCooldown(k, p, t + 6_000, "b")));
        assertEquals(0L, await(store.peekCooldown(k, p, t + 10_000)));
        assertEquals(new CooldownOutcome(0, 2), await(store.acquireCooldown(k, p, t + 10_000, "c")));
    }

    /** Window 60 s in 1 s slots; judged from 4 starts; half must be verified; guarded 30 s; one start per 10 s. */
    private static final GuardParams GUARD = new GuardParams(1_000, 60_000, 4, 0.5, 30_000, 10_000);

    @Test
    void theGuardHoldsAPrefixWhoseStartsAreNotVerifiedAndTricklesItsStarts() {
        CasStore store = store();
        String k = key("guard");
        long t = 1_000_000_000;
        for (int i = 0; i < 4; i++) {
            GuardOutcome o = await(store.guardStart(k, GUARD, t + i, "s" + i));
            assertTrue(o.allowed() && !o.newlyGuarded() && o.guardedUntilMillis() == 0, o::toString);
            assertEquals(i + 1, o.starts());
        }
        await(store.guardVerified(k, GUARD, t + 10));
        // 4 starts, 1 verified (25% < 50%): this start's judgement guards the prefix; it takes the first trickle slot.
        GuardOutcome engaged = await(store.guardStart(k, GUARD, t + 20, "e"));
        assertTrue(engaged.allowed() && engaged.newlyGuarded(), engaged::toString);
        assertEquals(t + 20 + 30_000, engaged.guardedUntilMillis());
        GuardOutcome held = await(store.guardStart(k, GUARD, t + 1_020, "h"));
        assertFalse(held.allowed(), held::toString);
        assertFalse(held.newlyGuarded());
        assertEquals(9_000, held.waitMillis(), "the next trickle slot, 10 s after the last");
        assertTrue(await(store.guardStart(k, GUARD, t + 10_020, "next")).allowed(), "one per 10 s");
        assertFalse(await(store.guardStart(k, GUARD, t + 10_021, "x")).allowed());
    }

    @Test
    void theGuardLetsGoWhenConversionReturnsAndCountsOnlyTheWindow() {
        CasStore store = store();
        String k = key("guard-back");
        long t = 1_000_000_000;
        for (int i = 0; i < 5; i++) {
            await(store.guardStart(k, GUARD, t + i, "s" + i));
        }
        assertFalse(await(store.guardStart(k, GUARD, t + 100, "held")).allowed(), "guarded, trickle slot taken");
        for (int i = 0; i < 3; i++) {
            await(store.guardVerified(k, GUARD, t + 200));
        }
        // 5 + 1 starts (the trickled one), 3 verified: 50%, no longer low.
        GuardOutcome back = await(store.guardStart(k, GUARD, t + 300, "back"));
        assertTrue(back.allowed() && back.guardedUntilMillis() == 0, back::toString);
        // A minute later the window holds none of it: too few starts to judge.
        GuardOutcome later = await(store.guardStart(k, GUARD, t + 61_000, "later"));
        assertEquals(1, later.starts(), later::toString);
        assertEquals(0, later.verified());
        await(store.guardVerified(k, GUARD, t + 61_500));
        // Long after (hundreds of slots): everything counted has left the window.
        GuardOutcome much = await(store.guardStart(k, GUARD, t + 400_000, "much-later"));
        assertEquals(1, much.starts(), much::toString);
        assertEquals(0, much.verified());
    }

    @Test
    void aReleasedStartIsNotCountedAndGivesItsTrickleSlotBack() {
        CasStore store = store();
        String k = key("guard-release");
        long t = 1_000_000_000;
        for (int i = 0; i < 4; i++) {
            await(store.guardStart(k, GUARD, t, "s" + i));
        }
        GuardOutcome trickled = await(store.guardStart(k, GUARD, t + 1, "mine"));
        assertTrue(trickled.allowed() && trickled.newlyGuarded(), trickled::toString);
        await(store.guardRelease(k, trickled.slot(), "mine"));
        GuardOutcome again = await(store.guardStart(k, GUARD, t + 2, "again"));
        assertTrue(again.allowed(), "the released trickle slot is free again: " + again);
        assertEquals(5, again.starts(), "the released start was not counted: 4 + this one");
    }

    @Test
    void releasingACooldownSlotUndoesOnlyTheStartThatTookIt() {
        CasStore store = store();
        String k = key("cooldown");
        CooldownPolicy p = new CooldownPolicy(Duration.ofSeconds(10), 2, Duration.ofMinutes(5), Duration.ofHours(1));
        long t = 5_000_000;
        await(store.acquireCooldown(k, p, t, "first"));
        await(store.acquireCooldown(k, p, t + 10_000, "second"));
        await(store.releaseCooldown(k, "first")); // not the latest slot: nothing changes
        assertEquals(20_000, await(store.acquireCooldown(k, p, t + 10_000, "x")).waitMillis());
        await(store.releaseCooldown(k, "second")); // back to one start at t: the next waits 10 s from t
        assertEquals(new CooldownOutcome(0, 2), await(store.acquireCooldown(k, p, t + 10_000, "third")));
        await(store.releaseCooldown(k, "third"));
        await(store.releaseCooldown(k, "first")); // only the latest start can be undone: the first one stays
        assertEquals(new CooldownOutcome(9_999, 1), await(store.acquireCooldown(k, p, t + 1, "fresh")));
    }

    static Rule threePerHour(String key) {
        return Rule.of("test", key, List.of(new Rate(3, Duration.ofHours(1))), true, "too quickly");
    }

    @Test
    void twoReplicasSharingTheStoreNeverGrantMoreThanTheLimit() {
        Buckets a = Buckets.of(store(), 1_000);
        Buckets b = Buckets.of(store(), 1_000);
        Rule rule = threePerHour(key("exact"));
        // a: 3 -> 2; b (never saw the key) speculates absent, learns the state, 2 -> 1; a (remembers 2) retries, 1 ->
        // 0.
        assertEquals(2, await(a.tryConsume(rule)).getRemainingTokens());
        assertEquals(1, await(b.tryConsume(rule)).getRemainingTokens());
        assertEquals(0, await(a.tryConsume(rule)).getRemainingTokens());
        ConsumptionProbe denied = await(b.tryConsume(rule));
        assertFalse(denied.isConsumed());
        assertTrue(denied.getNanosToWaitForRefill() > Duration.ofMinutes(19).toNanos(), "one token per 20 min");
        assertFalse(await(a.tryConsume(rule)).isConsumed());
    }

    @Test
    void aRejectionOnARememberedStateIsConfirmedAgainstTheStore() {
        Buckets a = Buckets.of(store(), 1_000);
        Buckets b = Buckets.of(store(), 1_000);
        Rule rule = threePerHour(key("refund"));
        for (int i = 0; i < 3; i++) {
            assertTrue(await(a.tryConsume(rule)).isConsumed());
        }
        await(b.giveBack(rule)); // another replica refunds a token; a still remembers an empty bucket
        assertTrue(await(a.tryConsume(rule)).isConsumed(), "a confirms its rejection and finds the refund");
        assertFalse(await(a.tryConsume(rule)).isConsumed());
    }
}
