package dev.verigate.testsupport;

import org.eclipse.microprofile.config.ConfigProvider;

/** Clients for the running test gateway, one per test app of application.properties' %test profile. */
public final class Gateway {

    public static final String VERIFICATIONS = "/verification/v1/verifications";

    private Gateway() {}

    public static String baseUrl() {
        int port = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class)
                .orElse(8081);
        return "http://localhost:" + port;
    }

    /** The management interface (health, metrics, OpenAPI): its own port, 9001 in tests. */
    public static String managementUrl() {
        int port = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
        return "http://localhost:" + port;
    }

    /** App "alpha": every method, Basic allowed. */
    public static SinchTestClient alpha() {
        return app("alpha");
    }

    /** App "beta": sms and flashcall only, Basic refused. */
    public static SinchTestClient beta() {
        return app("beta");
    }

    public static SinchTestClient app(String id) {
        var config = ConfigProvider.getConfig();
        return new SinchTestClient(
                baseUrl(),
                config.getValue("verigate.apps." + id + ".key", String.class),
                config.getValue("verigate.apps." + id + ".secret", String.class));
    }

    /** The sandbox called directly, with the upstream credentials (as the gateway calls it). */
    public static SinchTestClient sandbox() {
        var config = ConfigProvider.getConfig();
        return new SinchTestClient(
                baseUrl() + "/sandbox",
                config.getValue("verigate.upstream.application-key", String.class),
                config.getValue("verigate.upstream.application-secret", String.class));
    }

    /**
     * Waits until the running gateway decides limits on Redis again (after a test stopped it): readiness reports
     * {@code "redis":"up"} once a probe has succeeded.
     */
    public static void awaitRedisUp() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    SinchTestClient.Reply ready =
                            SinchTestClient.raw("GET", managementUrl() + "/q/health/ready", java.util.Map.of(), null);
                    return "up"
                            .equals(ready.json()
                                    .path("checks")
                                    .path(0)
                                    .path("data")
                                    .path("redis")
                                    .asText());
                });
    }

    public static String startBody(String method, String number) {
        return "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"" + method + "\"}";
    }
}
