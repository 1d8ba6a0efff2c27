package dev.verigate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and the OpenAPI document answer on the management port only: whatever reaches the API port
 * (the ingress that also carries Sinch's callbacks) finds none of them.
 */
@QuarkusTest
class ManagementPortTest {

    private static final List<String> MANAGEMENT =
            List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi");

    private static int status(String url) {
        return SinchTestClient.raw("GET", url, Map.of(), null).status();
    }

    @Test
    void theApiPortServesNoManagementEndpoint() {
        for (String path : MANAGEMENT) {
            assertEquals(404, status(Gateway.baseUrl() + path), path);
        }
        assertEquals(404, status(Gateway.baseUrl() + "/q/swagger-ui/"));
    }

    @Test
    void theManagementPortServesThem() {
        for (String path : MANAGEMENT) {
            assertEquals(200, status(Gateway.managementUrl() + path), path);
        }
    }
}
