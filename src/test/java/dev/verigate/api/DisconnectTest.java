package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An app that hangs up while its start is with Sinch: Sinch has (or will have) sent a code, so the
 * gateway finishes the start anyway and records who owns it; the app can find it by number afterwards.
 */
@QuarkusTest
class DisconnectTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();

    @Test
    void aStartWhoseAppHangsUpStillCompletesAndIsOwned() throws Exception {
        String number = TestNumbers.magic("0504"); // the sandbox answers after verigate.sandbox.slow-delay (500 ms)
        String body = startBody("sms", number);
        long created = traffic.startsCreated();

        URI base = URI.create(Gateway.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            StringBuilder request = new StringBuilder("POST " + VERIFICATIONS + " HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n");
            alpha.headers("POST", VERIFICATIONS, body, Map.of())
                    .forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            // Hang up once the start has reached the sandbox, long before its slow answer.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> traffic.startsCreated() == created + 1);
        }

        // The gateway still takes the answer and records ownership: the app finds its verification by number.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    var status = alpha.get(VERIFICATIONS + "/sms/number/" + number);
                    assertEquals(200, status.status(), status::toString);
                });
        assertEquals(created + 1, traffic.startsCreated(), "one code sent, no second start");
    }
}
