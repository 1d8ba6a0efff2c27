package dev.verigate.ops;

import dev.verigate.model.PhoneMask;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The last line of defence for the console log (quarkus.log.console.filter): whatever a library or a failure's
 * message puts into a line, phone numbers in E.164 form are masked and URLs lose their userinfo
 * ({@code redis://user:secret@host} becomes {@code redis://***@host}). Verigate's own lines mask on their own.
 */
@LoggingFilter(name = LogRedaction.NAME)
public final class LogRedaction implements Filter {

    static final String NAME = "verigate-redaction";
    private static final Pattern E164 = Pattern.compile("(?:\\+|%2B)[0-9]{7,}");
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String clean = redact(formatted);
            if (clean != null && !clean.equals(formatted)) {
                ext.setMessage(clean, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }

    /** The text with E.164 numbers masked and URL userinfo removed. */
    static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = E164.matcher(text).replaceAll(m -> Matcher.quoteReplacement(PhoneMask.mask(m.group())));
        return USERINFO.matcher(masked).replaceAll("$1***@");
    }
}
