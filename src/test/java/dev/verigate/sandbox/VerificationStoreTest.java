package dev.verigate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Indexes, abort, expiry and the bounds of the in-memory store, with time passed in. */
class VerificationStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NUMBER = "+46701234567";

    private final VerificationStore store = new VerificationStore();

    @Test
    void createAbortsThePendingOneAndRefusesAReferenceInUse() {
        store.create(pending("a", "ref-1", T0), T0);
        store.create(pending("b", null, T0.plusSeconds(1)), T0.plusSeconds(1));
        assertEquals(
                Status.ABORTED, store.byId("a", T0.plusSeconds(2)).orElseThrow().status());
        assertEquals(
                "b",
                store.latest(NUMBER, VerificationMethod.SMS, T0).orElseThrow().id());
        SinchException duplicate =
                assertThrows(SinchException.class, () -> store.create(pending("c", "ref-1", T0), T0));
        assertEquals(40900, duplicate.errorCode());
        assertTrue(store.byId("c", T0).isEmpty());
    }

    @Test
    void createTellsWhichEarlierVerificationItChanged() {
        assertTrue(store.create(pending("a", null, T0), T0).isEmpty());
        Verification aborted = store.create(pending("b", null, T0.plusSeconds(1)), T0.plusSeconds(1))
                .orElseThrow();
        assertEquals("a", aborted.id());
        assertEquals(Status.ABORTED, aborted.status());
        Instant late = T0.plus(Duration.ofMinutes(20));
        Verification expired = store.create(pending("c", null, late), late).orElseThrow();
        assertEquals("b", expired.id());
        assertEquals(Reasons.EXPIRED, expired.reason());
        store.create(pending("d", null, late), late);
        assertTrue(store.create(pending("e", null, late), late)
                .map(Verification::id)
                .filter("d"::equals)
                .isPresent());
    }

    @Test
    void aChangeStoresAnExpirySeenOnTheWay() {
        store.create(pending("a", null, T0), T0);
        Instant late = T0.plus(Duration.ofMinutes(10));
        VerificationStore.Change change = store.change("a", late, v -> v).orElseThrow();
        assertEquals(Status.PENDING, change.before().status());
        assertEquals(Status.FAIL, change.after().status());
        assertTrue(change.statusChanged());
        assertFalse(store.change("a", late, v -> v).orElseThrow().statusChanged());
        assertTrue(store.change("unknown", late, v -> v).isEmpty());
    }

    @Test
    void aPendingVerificationReadsAsExpiredAfterItsExpiry() {
        store.create(pending("a", null, T0), T0);
        Verification late = store.byId("a", T0.plus(Duration.ofMinutes(10))).orElseThrow();
        assertEquals(Status.FAIL, late.status());
        assertEquals(Reasons.EXPIRED, late.reason());
        assertEquals(T0.plus(Duration.ofMinutes(10)), late.changedAt());
    }

    @Test
    void entriesOlderThanTheRetentionAreEvicted() {
        store.create(pending("old", "ref-old", T0), T0);
        Instant later = T0.plus(VerificationStore.RETENTION).plusSeconds(1);
        store.create(pending("new", null, later), later);
        assertTrue(store.byId("old", later).isEmpty());
        assertTrue(store.byReference("ref-old", later).isEmpty());
        assertEquals(1, store.inbox(NUMBER).size());
    }

    @Test
    void theStoreKeepsAtMostMaxVerifications() {
        for (int i = 0; i <= VerificationStore.MAX_VERIFICATIONS; i++) {
            store.create(pending("v" + i, null, T0), T0);
        }
        assertTrue(store.byId("v0", T0).isEmpty());
        assertTrue(store.byId("v1", T0).isPresent());
        assertEquals(VerificationStore.MAX_VERIFICATIONS, store.inbox(NUMBER).size());
    }

    private static Verification pending(String id, String reference, Instant at) {
        InboxMessage delivery =
                new InboxMessage(id, "sms", "1234", null, "Your verification code is 1234.", at.toString());
        return new Verification(
                id,
                NUMBER,
                "SE",
                VerificationMethod.SMS,
                reference,
                null,
                "1234",
                at,
                at.plus(Duration.ofMinutes(10)),
                Status.PENDING,
                null,
                null,
                at,
                delivery,
                null);
    }
}
