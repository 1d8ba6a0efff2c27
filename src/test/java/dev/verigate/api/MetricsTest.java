package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/metrics counts requests by operation, method, app and outcome, and has upstream latency buckets. */
@QuarkusTest
class MetricsTest {

    @Test
    void requestsAreCountedPerAppMethodAndOutcome() {
        Gateway.alpha().post(VERIFICATIONS, Gateway.startBody("whatsapp", TestNumbers.next()));
        Gateway.beta().post(VERIFICATIONS, Gateway.startBody("callout", TestNumbers.next())); // 403 for beta
        String metrics = SinchTestClient.raw("GET", Gateway.managementUrl() + "/q/metrics", Map.of(), null)
                .body();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("verigate_requests_total{")
                                && l.contains("app=\"alpha\"")
                                && l.contains("method=\"whatsapp\"")
                                && l.contains("operation=\"start\"")
                                && l.contains("outcome=\"200\"")),
                "alpha's whatsapp start counted");
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("verigate_requests_total{")
                                && l.contains("app=\"beta\"")
                                && l.contains("outcome=\"403\"")),
                "beta's refused callout counted");
        assertTrue(metrics.contains("http_client_requests_seconds_bucket"), "upstream latency histogram");
    }
}
