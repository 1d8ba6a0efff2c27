package dev.verigate.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} a real Redis, in this order: {@code VERIGATE_TEST_REDIS_URL} from
 * the environment, Testcontainers when a Docker engine answers, else {@code redis-server} from the PATH
 * on a free port (which tests can stop and restart, see {@link TestRedis}). A test profile that implements
 * {@link BehindFaultProxy} gets that Redis through a {@link TcpFaultProxy} ({@link #proxy()}).
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test profile whose gateway reaches Redis through a fault proxy the test controls. */
    public interface BehindFaultProxy {}

    private static volatile TcpFaultProxy proxy;
    private String profile;

    @Override
    public void setContext(Context context) {
        profile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        String url = TestRedis.shared().url();
        if (wantsProxy()) {
            proxy = TcpFaultProxy.to(
                    TestRedis.shared().host(), TestRedis.shared().port());
            url = "redis://127.0.0.1:" + proxy.port();
        }
        return Map.of("quarkus.redis.hosts", url, "quarkus.redis.devservices.enabled", "false");
    }

    /** The fault proxy between the running gateway and Redis (a {@link BehindFaultProxy} profile only). */
    public static TcpFaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this test's profile does not put Redis behind a fault proxy");
        }
        return proxy;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        TestRedis.shared().close();
    }

    private boolean wantsProxy() {
        if (profile == null) {
            return false;
        }
        try {
            return BehindFaultProxy.class.isAssignableFrom(
                    Class.forName(profile, false, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
