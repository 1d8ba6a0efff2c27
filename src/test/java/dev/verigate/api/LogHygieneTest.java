package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Everything the gateway logs while serving good and bad requests: no secret, no signature, no full number. */
@QuarkusTest
class LogHygieneTest {

    @Test
    void logsHoldNoSecretsSignaturesOrFullNumbers() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg = r.getMessage();
                if (r.getParameters() != null && r.getParameters().length > 0) {
                    try {
                        msg = String.format(msg, r.getParameters());
                    } catch (RuntimeException e) {
                        msg = msg + java.util.Arrays.toString(r.getParameters());
                    }
                }
                lines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger verigate = Logger.getLogger("dev.verigate");
        Level before = verigate.getLevel();
        verigate.setLevel(Level.FINEST);
        root.addHandler(capture);
        String number = TestNumbers.next();
        try {
            SinchTestClient alpha = Gateway.alpha();
            alpha.post(VERIFICATIONS, Gateway.startBody("sms", number));
            alpha.post(VERIFICATIONS, Gateway.startBody("sms", number)); // cooldown
            alpha.get(VERIFICATIONS + "/sms/number/" + number);
            alpha.put(VERIFICATIONS + "/number/" + number, "{\"method\":\"sms\",\"sms\":{\"code\":\"0000\"}}");
            new SinchTestClient(Gateway.baseUrl(), "alpha-key", "d3Jvbmc=")
                    .get(VERIFICATIONS + "/sms/number/" + number);
            alpha.post(VERIFICATIONS, Gateway.startBody("sms", TestNumbers.magic("0503")));
            alpha.post(VERIFICATIONS, "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "x\"}}");
        } finally {
            root.removeHandler(capture);
            verigate.setLevel(before);
        }
        assertTrue(lines.size() > 0, "something was logged at debug level");
        String all = String.join("\n", lines);
        for (String secret : new String[] {
            "YWxwaGEtc2VjcmV0LWZvci10ZXN0cw==",
            "c2FuZGJveC1zZWNyZXQtZm9yLXRlc3Rz",
            "d3Jvbmc=",
            "Application alpha-key:",
            "Application sandbox-key:"
        }) {
            assertFalse(all.contains(secret), "logged a secret or signature: " + secret);
        }
        assertFalse(all.contains(number), "logged a full phone number:\n" + all);
        assertFalse(all.contains(number.substring(1)), "logged a full phone number without its plus:\n" + all);
    }
}
