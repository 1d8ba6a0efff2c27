package dev.verigate.boot;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.PackagedApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged app (the jar, or the native executable under {@code -Dnative}) in the prod profile refuses
 * to start without real upstream credentials, its public URL or Redis, and says which keys to set.
 */
class ProdBootIT {

    private static String boot(Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = PackagedApp.command(List.of("-Dquarkus.http.port=0", "-Dquarkus.management.port=0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("VERIGATE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "the gateway should have refused to start:\n" + out);
        assertNotEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void refusesToStartWithoutUpstreamCredentials() throws Exception {
        String out = boot(Map.of("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:1"));
        assertTrue(out.contains("verigate.upstream.application-key"), out);
    }

    @Test
    void refusesToStartWithoutItsPublicUrl() throws Exception {
        // Links in answers come from configuration, never from the caller's Host header.
        String out = boot(Map.of(
                "QUARKUS_REDIS_HOSTS",
                "redis://127.0.0.1:1",
                "VERIGATE_UPSTREAM_APPLICATION_KEY",
                "k",
                "VERIGATE_UPSTREAM_APPLICATION_SECRET",
                "c2VjcmV0"));
        assertTrue(out.contains("verigate.api.public-url"), out);
    }

    @Test
    void refusesToStartWithoutRedis() throws Exception {
        String out = boot(Map.of(
                "VERIGATE_UPSTREAM_APPLICATION_KEY",
                "k",
                "VERIGATE_UPSTREAM_APPLICATION_SECRET",
                "c2VjcmV0",
                "VERIGATE_API_PUBLIC_URL",
                "http://verigate"));
        assertTrue(out.contains("quarkus.redis.hosts"), out);
    }
}
