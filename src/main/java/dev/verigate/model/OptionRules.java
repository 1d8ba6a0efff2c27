package dev.verigate.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field rules of a start's free text and method options (reference §3.1), in one place for the
 * gateway's checks ({@code api}) and the sandbox's emulation of Sinch. Every refusal is a 400/40001 whose
 * message names the field.
 */
public final class OptionRules {

    public static final int MAX_CUSTOM_CHARS = 4096;
    public static final int MIN_CALL_TIMEOUT_SECONDS = 5;
    public static final int MAX_CALL_TIMEOUT_SECONDS = 120;
    private static final Pattern EXPIRY = Pattern.compile("([0-9]{2}):([0-5][0-9]):([0-5][0-9])");

    private OptionRules() {}

    /** {@code custom}, echoed in every event: at most {@value #MAX_CUSTOM_CHARS} characters. */
    public static String custom(String value) {
        if (value != null && value.length() > MAX_CUSTOM_CHARS) {
            throw SinchException.badRequest("custom is longer than " + MAX_CUSTOM_CHARS + " characters.");
        }
        return value;
    }

    /** An {@code HH:MM:SS} expiry longer than zero, as a start and a request event's answer give it. */
    public static Duration expiry(String field, String value) {
        Matcher m = EXPIRY.matcher(value);
        if (!m.matches()) {
            throw SinchException.badRequest(field + " must be HH:MM:SS, for example 00:10:00.");
        }
        Duration expiry = Duration.ofHours(Integer.parseInt(m.group(1)))
                .plusMinutes(Integer.parseInt(m.group(2)))
                .plusSeconds(Integer.parseInt(m.group(3)));
        if (expiry.isZero()) {
            throw SinchException.badRequest(field + " must be longer than 00:00:00.");
        }
        return expiry;
    }

    /** A flash call's dial or interception timeout: absent, or 5 to 120 seconds. */
    public static Integer callTimeout(String field, Integer seconds) {
        if (seconds != null && (seconds < MIN_CALL_TIMEOUT_SECONDS || seconds > MAX_CALL_TIMEOUT_SECONDS)) {
            throw SinchException.badRequest(field + " must be between " + MIN_CALL_TIMEOUT_SECONDS + " and "
                    + MAX_CALL_TIMEOUT_SECONDS + " seconds.");
        }
        return seconds;
    }

    /** An sms or whatsapp {@code codeType}: Numeric, Alpha or Alphanumeric in any case, answered in Sinch's spelling. */
    public static String codeType(String field, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "numeric" -> "Numeric";
            case "alpha" -> "Alpha";
            case "alphanumeric" -> "Alphanumeric";
            default -> throw SinchException.badRequest(field + " must be Numeric, Alpha or Alphanumeric.");
        };
    }
}
