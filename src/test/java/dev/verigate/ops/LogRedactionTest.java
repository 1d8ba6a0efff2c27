package dev.verigate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Whatever reaches the console log has its numbers masked and its URLs' userinfo removed. */
class LogRedactionTest {

    private static String logged(String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(
                Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF, LogRedactionTest.class.getName());
        record.setParameters(parameters);
        assertTrue(new LogRedaction().isLoggable(record));
        return record.getFormattedMessage();
    }

    @Test
    void masksNumbersAndRemovesUserinfo() {
        String line = logged(
                "Connection to %s failed for %s (then %s)",
                "redis://default:s3cret@redis:6379",
                "+46701234567",
                "https://bot:tok@hooks.example/x?to=%2B46701234567");
        assertFalse(line.contains("s3cret") || line.contains("tok@") || line.contains("46701234567"), line);
        assertTrue(line.contains("redis://***@redis:6379"), line);
        assertTrue(line.contains("https://***@hooks.example/x"), line);
        assertTrue(line.contains("+46701****67"), line);
    }

    @Test
    void leavesOtherLinesAlone() {
        assertEquals("Warm-up: 500 rehearsals in 1234567 ms", logged("Warm-up: %d rehearsals in %d ms", 500, 1234567));
        assertEquals("http://verigate:8080/q/health", logged("%s", "http://verigate:8080/q/health"));
    }
}
