package dev.verigate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/openapi describes the six Sinch endpoints, both auth schemes and the Sinch error body. */
@QuarkusTest
class OpenApiTest {

    @Test
    void describesEndpointsAuthAndErrors() {
        var r = SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/openapi?format=json", Map.of(), null);
        assertEquals(200, r.status());
        var doc = r.json();
        var paths = doc.get("paths");
        for (String p : new String[] {
            "/verification/v1/verifications",
            "/verification/v1/verifications/id/{id}",
            "/verification/v1/verifications/number/{endpoint}",
            "/verification/v1/verifications/{method}/number/{endpoint}",
            "/verification/v1/verifications/reference/{reference}"
        }) {
            assertTrue(paths.has(p), "documents " + p);
        }
        var schemes = doc.get("components").get("securitySchemes");
        assertTrue(schemes.has("application-signed") && schemes.has("basic"));
        assertTrue(doc.get("components").get("schemas").has("SinchError"));
        assertTrue(paths.get("/verification/v1/verifications")
                .get("post")
                .get("responses")
                .has("429"));
    }
}
