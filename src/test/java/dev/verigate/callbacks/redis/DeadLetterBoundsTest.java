package dev.verigate.callbacks.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.callbacks.Backoff;
import dev.verigate.callbacks.CallbacksConfig;
import dev.verigate.callbacks.Outbox;
import dev.verigate.testsupport.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter stream in a real Redis never grows past its bounds: a number of entries and an age. */
class DeadLetterBoundsTest {

    private static Vertx vertx;
    private static Redis redis;

    private record Bounds(int max, Duration maxAge) implements CallbacksConfig.DeadLetters {}

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, TestRedis.shared().url());
    }

    @AfterAll
    static void close() {
        redis.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void empty() {
        send(Request.cmd(Command.DEL).arg(RedisOutbox.DEAD).arg(RedisOutbox.STREAM));
    }

    private static long send(Request r) {
        var answer = redis.send(r).await().atMost(Duration.ofSeconds(5));
        return answer == null ? 0 : answer.toLong();
    }

    private static long deadLetters() {
        return send(Request.cmd(Command.XLEN).arg(RedisOutbox.DEAD));
    }

    private static void deadLetter(RedisOutbox outbox, int n) {
        for (int i = 0; i < n; i++) {
            outbox.append("app", "event-" + i, "{}").await().atMost(Duration.ofSeconds(5));
            List<Outbox.Entry> due = outbox.due("test", 1).await().atMost(Duration.ofSeconds(5));
            outbox.deadLetter(due.get(0), "gave up").await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void keepsAtMostMaxDeadLetters() {
        RedisOutbox outbox = new RedisOutbox(
                redis,
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)),
                new Bounds(3, Duration.ofDays(14)),
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        deadLetter(outbox, 5);
        assertEquals(3, deadLetters());
        assertEquals(0, send(Request.cmd(Command.XLEN).arg(RedisOutbox.STREAM)), "the outbox itself is empty");
    }

    @Test
    void dropsDeadLettersOlderThanMaxAge() throws InterruptedException {
        RedisOutbox outbox = new RedisOutbox(
                redis,
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)),
                new Bounds(100, Duration.ofMillis(300)),
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        deadLetter(outbox, 2);
        Thread.sleep(400);
        deadLetter(outbox, 1);
        assertEquals(1, deadLetters(), "the two older ones are past max-age");
    }
}
