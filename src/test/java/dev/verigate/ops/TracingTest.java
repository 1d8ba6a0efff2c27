package dev.verigate.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With {@code verigate.tracing.endpoint} set, a start is traced end to end and exported over OTLP: the
 * collector (WireMock on a dynamic port, OTLP http/protobuf) receives the inbound request's span, the
 * span of the call to Sinch (here the sandbox) and Redis spans.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
@WithTestResource(TracingTest.Collector.class)
class TracingTest {

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.exporter.otlp.traces.protocol",
                    "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay",
                    "50ms");
        }
    }

    /** An OTLP collector that accepts every export and keeps it for the test to read. */
    public static class Collector implements QuarkusTestResourceLifecycleManager {
        static WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(
                    WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            server.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
            return Map.of("verigate.tracing.endpoint", "http://127.0.0.1:" + server.port());
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    private static String exported() {
        List<LoggedRequest> exports = Collector.server.findAll(postRequestedFor(urlEqualTo("/v1/traces")));
        StringBuilder all = new StringBuilder();
        // The spans are protobuf; their names and attribute values are UTF-8 strings inside it.
        exports.forEach(r -> all.append(new String(r.getBody(), StandardCharsets.ISO_8859_1)));
        return all.toString();
    }

    @Test
    void aStartIsTracedIntoTheCollector() {
        var reply = Gateway.alpha().post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
        assertEquals(200, reply.status(), reply::toString);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    String spans = exported();
                    return spans.contains("verigate") // the service name
                            && spans.contains("POST /verification/v1/verifications") // the app's request
                            && spans.contains("/sandbox/verification/v1/verifications") // the call to "Sinch"
                            && spans.contains("redis"); // the limits and ownership commands
                });
    }
}
