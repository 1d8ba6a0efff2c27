package dev.verigate.limits.redis;

import dev.verigate.limits.BudgetKeys;
import dev.verigate.limits.BudgetOutcome;
import dev.verigate.limits.CasStore;
import dev.verigate.limits.CooldownOutcome;
import dev.verigate.limits.CooldownPolicy;
import dev.verigate.limits.GuardOutcome;
import dev.verigate.limits.GuardParams;
import dev.verigate.store.redis.RedisLanes;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bucket states and cooldowns in Redis. Each operation is one Lua script ({@code src/main/resources/lua/}) on one
 * key (keys are hash-tagged, so this works on Redis Cluster), sent through this replica's {@link RedisLanes}. A
 * failed compare-and-swap returns the state it found, so the retry needs no extra GET.
 */
public final class RedisCasStore implements CasStore {

    private static final byte[] CAS_SCRIPT = LuaScripts.load("cas");
    private static final byte[] COOLDOWN_ACQUIRE_SCRIPT = LuaScripts.load("cooldown-acquire");
    private static final byte[] COOLDOWN_RELEASE_SCRIPT = LuaScripts.load("cooldown-release");
    private static final byte[] GUARD_START_SCRIPT = LuaScripts.load("guard-start");
    private static final byte[] GUARD_RELEASE_SCRIPT = LuaScripts.load("guard-release");
    private static final byte[] GUARD_VERIFIED_SCRIPT = LuaScripts.load("guard-verified");
    private static final byte[] BUDGET_CHARGE_SCRIPT = LuaScripts.load("budget-charge");
    private static final byte[] BUDGET_SETTLE_SCRIPT = LuaScripts.load("budget-settle");
    private static final byte[] ABSENT = new byte[0];

    private final RedisLanes lanes;
    private final LongAdder commands = new LongAdder();

    public RedisCasStore(RedisLanes lanes) {
        this.lanes = lanes;
    }

    /** Commands this store sent (the limits' share of the lanes' traffic). */
    long commands() {
        return commands.sum();
    }

    /** EVAL of a script over these keys; the caller adds the arguments. */
    private static Request eval(byte[] script, String... keys) {
        Request r = Request.cmd(Command.EVAL).arg(script).arg(keys.length);
        for (String key : keys) {
            r.arg(key);
        }
        return r;
    }

    private Uni<Response> send(String key, Request request) {
        commands.increment();
        return lanes.send(key, request);
    }

    @Override
    public Uni<CasOutcome> compareAndSwap(String key, byte[] expected, byte[] next, long ttlMillis) {
        Request r = eval(CAS_SCRIPT, key)
                .arg(expected == null ? ABSENT : expected)
                .arg(next)
                .arg(Math.max(1, ttlMillis));
        return send(key, r).map(RedisCasStore::casOutcome);
    }

    private static CasOutcome casOutcome(Response r) {
        if (r.type() == ResponseType.NUMBER) {
            return r.toInteger() == 1 ? CasOutcome.SWAPPED : new CasOutcome(false, Optional.empty());
        }
        return new CasOutcome(false, Optional.of(r.toBytes()));
    }

    @Override
    public Uni<Optional<byte[]>> get(String key) {
        return send(key, Request.cmd(Command.GET).arg(key))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toBytes()));
    }

    @Override
    public Uni<Void> delete(String key) {
        return send(key, Request.cmd(Command.DEL).arg(key)).replaceWithVoid();
    }

    @Override
    public Uni<CooldownOutcome> acquireCooldown(String key, CooldownPolicy p, long nowMillis, String token) {
        Request r = eval(COOLDOWN_ACQUIRE_SCRIPT, key)
                .arg(nowMillis)
                .arg(p.initial().toMillis())
                .arg(Double.toString(p.multiplier()))
                .arg(p.max().toMillis())
                .arg(p.window().toMillis())
                .arg(token);
        return send(key, r)
                .map(res -> new CooldownOutcome(res.get(0).toLong(), res.get(1).toLong()));
    }

    @Override
    public Uni<Long> peekCooldown(String key, CooldownPolicy policy, long nowMillis) {
        return send(key, Request.cmd(Command.HMGET).arg(key).arg("n").arg("last"))
                .map(r -> r.get(0) == null
                        ? 0L
                        : policy.remainingMillis(r.get(0).toLong(), r.get(1).toLong(), nowMillis));
    }

    @Override
    public Uni<Void> releaseCooldown(String key, String token) {
        return send(key, eval(COOLDOWN_RELEASE_SCRIPT, key).arg(token)).replaceWithVoid();
    }

    @Override
    public Uni<GuardOutcome> guardStart(String key, GuardParams p, long nowMillis, String token) {
        Request r = eval(GUARD_START_SCRIPT, key)
                .arg(nowMillis)
                .arg(p.slotMillis())
                .arg(p.windowMillis())
                .arg(p.minStarts())
                .arg(Double.toString(p.minConversion()))
                .arg(p.holdMillis())
                .arg(p.trickleMillis())
                .arg(token);
        return send(key, r)
                .map(res -> new GuardOutcome(
                        res.get(0).toLong() == 1,
                        res.get(1).toLong(),
                        res.get(2).toLong() == 1,
                        res.get(3).toLong(),
                        res.get(4).toLong(),
                        res.get(5).toLong(),
                        res.get(6).toLong()));
    }

    @Override
    public Uni<Void> guardRelease(String key, long slot, String token) {
        return send(key, eval(GUARD_RELEASE_SCRIPT, key).arg(slot).arg(token)).replaceWithVoid();
    }

    @Override
    public Uni<Void> guardVerified(String key, GuardParams p, long nowMillis) {
        return send(
                        key,
                        eval(GUARD_VERIFIED_SCRIPT, key)
                                .arg(nowMillis)
                                .arg(p.slotMillis())
                                .arg(p.windowMillis())
                                .arg(p.holdMillis()))
                .replaceWithVoid();
    }

    @Override
    public Uni<BudgetOutcome> budgetCharge(BudgetKeys k, long micros, long dailyCapMicros, long monthlyCapMicros) {
        Request r = eval(BUDGET_CHARGE_SCRIPT, k.dayKey(), k.monthKey(), k.chargeKey())
                .arg(micros)
                .arg(dailyCapMicros)
                .arg(monthlyCapMicros)
                .arg(k.dayTtlMillis())
                .arg(k.monthTtlMillis())
                .arg(k.chargeTtlMillis());
        return send(k.dayKey(), r)
                .map(res -> new BudgetOutcome(
                        res.get(0).toLong() == 1,
                        res.get(1).toInteger(),
                        res.get(2).toLong(),
                        res.get(3).toLong()));
    }

    @Override
    public Uni<Optional<Long>> budgetSettle(BudgetKeys k, long actualMicros) {
        Request r = eval(BUDGET_SETTLE_SCRIPT, k.dayKey(), k.monthKey(), k.chargeKey())
                .arg(actualMicros);
        return send(k.dayKey(), r).map(res -> res == null ? Optional.empty() : Optional.of(res.toLong()));
    }

    @Override
    public Uni<Long> peekGuard(String key, long nowMillis) {
        return send(key, Request.cmd(Command.HMGET).arg(key).arg("held").arg("next"))
                .map(r -> {
                    long held = r.get(0) == null ? 0 : r.get(0).toLong();
                    long next = r.get(1) == null ? 0 : r.get(1).toLong();
                    return held > nowMillis && next > nowMillis ? next - nowMillis : 0L;
                });
    }

    @Override
    public Uni<long[]> peekBudget(BudgetKeys k) {
        return send(k.dayKey(), Request.cmd(Command.MGET).arg(k.dayKey()).arg(k.monthKey()))
                .map(r -> new long[] {
                    r.get(0) == null ? 0 : r.get(0).toLong(),
                    r.get(1) == null ? 0 : r.get(1).toLong()
                });
    }
}
