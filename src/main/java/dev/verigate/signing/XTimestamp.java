package dev.verigate.signing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code x-timestamp} header: an ISO-8601 instant with 0–9 fractional digits and Z or an offset. */
public final class XTimestamp {

    private XTimestamp() {}

    /** @throws DateTimeParseException when the value is not such an instant */
    public static Instant parse(String value) {
        return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
    }

    /** The form the official Java SDK sends ({@code Instant.toString()}). */
    public static String format(Instant instant) {
        return instant.toString();
    }
}
