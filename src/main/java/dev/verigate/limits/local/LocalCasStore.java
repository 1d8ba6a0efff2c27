package dev.verigate.limits.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.verigate.limits.BudgetKeys;
import dev.verigate.limits.BudgetOutcome;
import dev.verigate.limits.CasStore;
import dev.verigate.limits.CooldownOutcome;
import dev.verigate.limits.CooldownPolicy;
import dev.verigate.limits.GuardOutcome;
import dev.verigate.limits.GuardParams;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Bucket states and cooldowns in this process: {@code verigate.store=local}, and the per-replica
 * fallback when Redis fails in fail-open mode. Same semantics as the Redis store ({@code limits.redis}); bounded.
 */
public final class LocalCasStore implements CasStore {

    private record Entry(Object value, long ttlMillis) {}

    private record Cooldown(long starts, long lastMillis, long previousMillis, String token) {}

    /** A prefix's conversion guard, as the Redis hash of {@code lua/guard-start.lua} holds it; changed in place. */
    private static final class Guard {
        final TreeMap<Long, Long> starts = new TreeMap<>();
        final TreeMap<Long, Long> verified = new TreeMap<>();
        long heldUntil;
        long next;
        long previous;
        String token = "";

        void forgetBefore(long oldestSlot) {
            starts.headMap(oldestSlot).clear();
            verified.headMap(oldestSlot).clear();
        }

        static long sum(Map<Long, Long> counts) {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Cache<String, Entry> entries;

    public LocalCasStore(long maxEntries) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Entry>() {
                    public long expireAfterCreate(String k, Entry e, long now) {
                        return TimeUnit.MILLISECONDS.toNanos(e.ttlMillis());
                    }

                    public long expireAfterUpdate(String k, Entry e, long now, long current) {
                        return TimeUnit.MILLISECONDS.toNanos(e.ttlMillis());
                    }

                    public long expireAfterRead(String k, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public Uni<CasOutcome> compareAndSwap(String key, byte[] expected, byte[] next, long ttlMillis) {
        CasOutcome[] outcome = new CasOutcome[1];
        entries.asMap().compute(key, (k, cur) -> {
            byte[] found = cur == null ? null : (byte[]) cur.value();
            if (expected == null ? found == null : found != null && Arrays.equals(found, expected)) {
                outcome[0] = CasOutcome.SWAPPED;
                return new Entry(next.clone(), Math.max(1, ttlMillis));
            }
            outcome[0] = new CasOutcome(false, Optional.ofNullable(found).map(byte[]::clone));
            return cur;
        });
        return Uni.createFrom().item(outcome[0]);
    }

    @Override
    public Uni<Optional<byte[]>> get(String key) {
        Entry e = entries.getIfPresent(key);
        return Uni.createFrom().item(e == null ? Optional.empty() : Optional.of(((byte[]) e.value()).clone()));
    }

    @Override
    public Uni<Void> delete(String key) {
        entries.invalidate(key);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<CooldownOutcome> acquireCooldown(String key, CooldownPolicy policy, long nowMillis, String token) {
        CooldownOutcome[] outcome = new CooldownOutcome[1];
        entries.asMap().compute(key, (k, cur) -> {
            Cooldown c = cur == null ? new Cooldown(0, 0, 0, "") : (Cooldown) cur.value();
            long wait = policy.waitMillis(c.starts());
            if (c.starts() > 0 && nowMillis - c.lastMillis() < wait) {
                outcome[0] = new CooldownOutcome(wait - (nowMillis - c.lastMillis()), c.starts());
                return cur;
            }
            outcome[0] = new CooldownOutcome(0, c.starts() + 1);
            return new Entry(
                    new Cooldown(c.starts() + 1, nowMillis, c.lastMillis(), token),
                    policy.window().toMillis());
        });
        return Uni.createFrom().item(outcome[0]);
    }

    @Override
    public Uni<Long> peekCooldown(String key, CooldownPolicy policy, long nowMillis) {
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return Uni.createFrom().item(0L);
        }
        Cooldown c = (Cooldown) e.value();
        return Uni.createFrom().item(policy.remainingMillis(c.starts(), c.lastMillis(), nowMillis));
    }

    @Override
    public Uni<Void> releaseCooldown(String key, String token) {
        entries.asMap().computeIfPresent(key, (k, cur) -> {
            Cooldown c = (Cooldown) cur.value();
            if (!c.token().equals(token)) {
                return cur;
            }
            return c.starts() <= 1
                    ? null
                    : new Entry(
                            new Cooldown(c.starts() - 1, c.previousMillis(), c.previousMillis(), ""), cur.ttlMillis());
        });
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<GuardOutcome> guardStart(String key, GuardParams p, long nowMillis, String token) {
        GuardOutcome[] outcome = new GuardOutcome[1];
        entries.asMap().compute(key, (k, cur) -> {
            Guard g = cur == null ? new Guard() : (Guard) cur.value();
            long slot = nowMillis / p.slotMillis();
            g.forgetBefore((nowMillis - p.windowMillis()) / p.slotMillis() + 1);
            long starts = Guard.sum(g.starts);
            long verified = Guard.sum(g.verified);
            boolean low = starts >= p.minStarts() && verified < p.minConversion() * starts;
            boolean newly = false;
            if (low && g.heldUntil <= nowMillis) {
                g.heldUntil = nowMillis + p.holdMillis();
                newly = true;
            } else if (!low && g.heldUntil > nowMillis) {
                g.heldUntil = 0;
            }
            if (g.heldUntil > nowMillis) {
                if (nowMillis < g.next) {
                    outcome[0] =
                            new GuardOutcome(false, g.next - nowMillis, newly, starts, verified, slot, g.heldUntil);
                    return new Entry(g, p.windowMillis() + p.holdMillis());
                }
                g.previous = g.next;
                g.next = nowMillis + p.trickleMillis();
                g.token = token;
            }
            g.starts.merge(slot, 1L, Long::sum);
            outcome[0] = new GuardOutcome(
                    true, 0, newly, starts + 1, verified, slot, g.heldUntil > nowMillis ? g.heldUntil : 0);
            return new Entry(g, p.windowMillis() + p.holdMillis());
        });
        return Uni.createFrom().item(outcome[0]);
    }

    @Override
    public Uni<Void> guardRelease(String key, long slot, String token) {
        entries.asMap().computeIfPresent(key, (k, cur) -> {
            Guard g = (Guard) cur.value();
            g.starts.computeIfPresent(slot, (s, n) -> n > 1 ? n - 1 : null);
            if (g.token.equals(token)) {
                g.next = g.previous;
                g.token = "";
            }
            return cur;
        });
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> guardVerified(String key, GuardParams p, long nowMillis) {
        entries.asMap().compute(key, (k, cur) -> {
            Guard g = cur == null ? new Guard() : (Guard) cur.value();
            g.verified.merge(nowMillis / p.slotMillis(), 1L, Long::sum);
            return new Entry(g, p.windowMillis() + p.holdMillis());
        });
        return Uni.createFrom().voidItem();
    }

    /** Spend keys move together; one lock keeps a charge and its settlement whole. */
    private final Object budgetLock = new Object();

    @Override
    public Uni<BudgetOutcome> budgetCharge(BudgetKeys k, long micros, long dailyCapMicros, long monthlyCapMicros) {
        synchronized (budgetLock) {
            long day = amount(k.dayKey());
            long month = amount(k.monthKey());
            if (dailyCapMicros >= 0 && day + micros > dailyCapMicros) {
                return Uni.createFrom().item(new BudgetOutcome(false, 1, day, month));
            }
            if (monthlyCapMicros >= 0 && month + micros > monthlyCapMicros) {
                return Uni.createFrom().item(new BudgetOutcome(false, 2, day, month));
            }
            entries.put(k.dayKey(), new Entry(day + micros, k.dayTtlMillis()));
            entries.put(k.monthKey(), new Entry(month + micros, k.monthTtlMillis()));
            entries.put(k.chargeKey(), new Entry(micros, k.chargeTtlMillis()));
            return Uni.createFrom().item(new BudgetOutcome(true, 0, day + micros, month + micros));
        }
    }

    @Override
    public Uni<Optional<Long>> budgetSettle(BudgetKeys k, long actualMicros) {
        synchronized (budgetLock) {
            Entry charge = entries.asMap().remove(k.chargeKey());
            if (charge == null) {
                return Uni.createFrom().item(Optional.empty());
            }
            long delta = Math.max(0, actualMicros) - (Long) charge.value();
            for (String key : new String[] {k.dayKey(), k.monthKey()}) {
                entries.asMap().computeIfPresent(key, (x, e) -> new Entry((Long) e.value() + delta, e.ttlMillis()));
            }
            return Uni.createFrom().item(Optional.of(delta));
        }
    }

    private long amount(String key) {
        Entry e = entries.getIfPresent(key);
        return e == null ? 0 : (Long) e.value();
    }

    @Override
    public Uni<Long> peekGuard(String key, long nowMillis) {
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return Uni.createFrom().item(0L);
        }
        Guard g = (Guard) e.value();
        return Uni.createFrom().item(g.heldUntil > nowMillis && g.next > nowMillis ? g.next - nowMillis : 0L);
    }

    @Override
    public Uni<long[]> peekBudget(BudgetKeys k) {
        synchronized (budgetLock) {
            return Uni.createFrom().item(new long[] {amount(k.dayKey()), amount(k.monthKey())});
        }
    }
}
