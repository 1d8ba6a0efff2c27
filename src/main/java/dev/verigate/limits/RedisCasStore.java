package dev.verigate.limits;

import dev.verigate.store.RedisLanes;

import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bucket states and cooldowns in Redis. Each operation is one Lua script on one key (keys are
 * hash-tagged, so this works on Redis Cluster), sent through this replica's {@link RedisLanes}. A failed
 * compare-and-swap returns the state it found, so the retry needs no extra GET.
 */
final class RedisCasStore implements CasStore {

    // KEYS[1]; ARGV: expected ('' = must be absent), next, ttl ms. 1 = swapped, 0 = absent, else current.
    private static final String CAS = """
            local cur = redis.call('GET', KEYS[1])
            if ARGV[1] == '' then
              if cur then return cur end
            else
              if not cur then return 0 end
              if cur ~= ARGV[1] then return cur end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""";

    // KEYS[1]; ARGV: now ms, initial ms, multiplier, max ms, window ms, token. {wait ms, starts in window}
    private static final String COOLDOWN_ACQUIRE = """
            local v = redis.call('HMGET', KEYS[1], 'n', 'last')
            local n = tonumber(v[1] or '0')
            local last = tonumber(v[2] or '0')
            local now = tonumber(ARGV[1])
            if n > 0 then
              local wait = math.floor(math.min(tonumber(ARGV[2]) * math.pow(tonumber(ARGV[3]), n - 1), tonumber(ARGV[4])))
              if now - last < wait then return {wait - (now - last), n} end
            end
            redis.call('HSET', KEYS[1], 'n', n + 1, 'last', now, 'prev', last, 'tok', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return {0, n + 1}""";

    // KEYS[1]; ARGV: token. Undoes the acquire that token made if nothing came after it.
    private static final String COOLDOWN_RELEASE = """
            local v = redis.call('HMGET', KEYS[1], 'n', 'prev', 'tok')
            if v[3] ~= ARGV[1] then return 0 end
            local n = tonumber(v[1]) - 1
            if n <= 0 then redis.call('DEL', KEYS[1])
            else redis.call('HSET', KEYS[1], 'n', n, 'last', v[2], 'tok', '') end
            return 1""";

    // Encoded once: arg(String) would UTF-8-encode the script again for every command.
    private static final byte[] CAS_SCRIPT = CAS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] COOLDOWN_ACQUIRE_SCRIPT = COOLDOWN_ACQUIRE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] COOLDOWN_RELEASE_SCRIPT = COOLDOWN_RELEASE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ABSENT = new byte[0];

    private final RedisLanes lanes;
    private final java.util.concurrent.atomic.LongAdder commands = new java.util.concurrent.atomic.LongAdder();

    RedisCasStore(RedisLanes lanes) {
        this.lanes = lanes;
    }

    /** Commands this store sent (the limits' share of the lanes' traffic). */
    long commands() {
        return commands.sum();
    }

    private io.smallrye.mutiny.Uni<Response> send(String key, Request request) {
        commands.increment();
        return lanes.send(key, request);
    }

    @Override
    public Uni<CasOutcome> compareAndSwap(String key, byte[] expected, byte[] next, long ttlMillis) {
        Request r = Request.cmd(Command.EVAL).arg(CAS_SCRIPT).arg(1).arg(key)
                .arg(expected == null ? ABSENT : expected).arg(next).arg(Math.max(1, ttlMillis));
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
        Request r = Request.cmd(Command.EVAL).arg(COOLDOWN_ACQUIRE_SCRIPT).arg(1).arg(key).arg(nowMillis)
                .arg(p.initial().toMillis()).arg(Double.toString(p.multiplier())).arg(p.max().toMillis())
                .arg(p.window().toMillis()).arg(token);
        return send(key, r).map(res -> new CooldownOutcome(res.get(0).toLong(), res.get(1).toLong()));
    }

    @Override
    public Uni<Void> releaseCooldown(String key, String token) {
        return send(key, Request.cmd(Command.EVAL).arg(COOLDOWN_RELEASE_SCRIPT).arg(1).arg(key).arg(token))
                .replaceWithVoid();
    }
}
