package dev.verigate.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} a real Redis, in this order: {@code VERIGATE_TEST_REDIS_URL} from
 * the environment, Testcontainers when a Docker engine answers, else {@code redis-server} from the PATH
 * on a free port (which tests can stop and restart, see {@link TestRedis}).
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = TestRedis.shared().url();
        return Map.of("quarkus.redis.hosts", url, "quarkus.redis.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        TestRedis.shared().close();
    }
}
