package dev.verigate.limits;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bandwidth of a limit, written {@code <tokens>/<period>} in config: {@code 3/10m} is three per
 * ten minutes, refilled smoothly. Periods take ms, s, m, h or d; a bare number is seconds.
 */
public record Rate(long tokens, Duration period) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*(ms|s|m|h|d)?\\s*");

    public Rate {
        if (tokens < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs at least one token per positive period");
        }
    }

    /** Parses {@code 3/10m,10/24h}; throws IllegalArgumentException naming the bad part. */
    public static List<Rate> parseAll(String spec) {
        List<Rate> rates = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            rates.add(parse(part));
        }
        return List.copyOf(rates);
    }

    static Rate parse(String part) {
        Matcher m = FORM.matcher(part);
        if (!m.matches() || m.group(2).isEmpty() && m.group(3) == null) {
            throw new IllegalArgumentException("'" + part.strip() + "' is not <tokens>/<period>, e.g. 3/10m");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        String unit = m.group(3) == null ? "s" : m.group(3);
        Duration period = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        return new Rate(Long.parseLong(m.group(1)), period);
    }

    Bandwidth toBandwidth() {
        return Bandwidth.builder().capacity(tokens).refillGreedy(tokens, period).build();
    }

    /** One replica's share when {@code replicas} decide alone: tokens divided, rounded up. */
    Rate sharedBy(int replicas) {
        return new Rate((tokens + replicas - 1) / replicas, period);
    }

    /**
     * The period in its largest whole unit up to hours, as RateLimit items name a rate: {@code 10m}, {@code 24h},
     * {@code 1s}, {@code 500ms}.
     */
    String label() {
        return label(period);
    }

    /** A duration in its largest whole unit up to hours: {@code 10m}, {@code 1h}, {@code 500ms}. */
    static String label(Duration period) {
        long millis = period.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** Window in whole seconds, as the RateLimit-Policy header's {@code w} parameter. */
    long windowSeconds() {
        return Math.max(1, (period.toMillis() + 999) / 1000);
    }

    @Override
    public String toString() {
        return tokens + "/" + period;
    }
}
