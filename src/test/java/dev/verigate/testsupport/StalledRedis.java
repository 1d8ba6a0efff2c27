package dev.verigate.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared test Redis behind a fault proxy of each test's own, with a Vert.x to reach it
 * ({@code @RegisterExtension}): for the tests that a command Redis takes but never answers (a stalled server, a
 * black-holed network) fails after the client's own timeout instead of holding its request. The test makes its
 * client on {@link #vertx()} to {@link #url()} (in a {@code @BeforeEach}, and closes it in an {@code @AfterEach});
 * the proxy and the Vert.x are closed after it.
 */
public final class StalledRedis implements BeforeEachCallback, AfterEachCallback {

    private static final long STALL_MILLIS = 5_000;
    private static final Duration WAIT_AT_MOST = Duration.ofSeconds(4);
    private static final long LATEST_FAILURE_MILLIS = 3_000;
    private static final long TIMER_SLACK_MILLIS = 50;

    private Vertx vertx;
    private TcpFaultProxy proxy;

    @Override
    public void beforeEach(ExtensionContext context) {
        vertx = Vertx.vertx();
        TestRedis redis = TestRedis.shared();
        proxy = TcpFaultProxy.to(redis.host(), redis.port());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The Redis URL through the proxy. */
    public String url() {
        return "redis://127.0.0.1:" + proxy.port();
    }

    /**
     * Stalls Redis (every answer held back {@value #STALL_MILLIS} ms), runs {@code command} and asserts that it fails
     * after its own {@code timeout} and well before Redis's answer (under {@value #LATEST_FAILURE_MILLIS} ms). The
     * failure is returned for what the test asserts about it.
     */
    public RuntimeException failureAfter(Duration timeout, Supplier<Uni<?>> command) {
        proxy.delayAnswers(STALL_MILLIS);
        long t0 = System.nanoTime();
        RuntimeException failed =
                assertThrows(RuntimeException.class, () -> command.get().await().atMost(WAIT_AT_MOST));
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(
                waitedMillis >= timeout.toMillis() - TIMER_SLACK_MILLIS && waitedMillis < LATEST_FAILURE_MILLIS,
                "failed after " + waitedMillis + " ms");
        return failed;
    }
}
