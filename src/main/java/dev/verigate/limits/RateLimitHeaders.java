package dev.verigate.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-09): {@code RateLimit-Policy} names
 * each quota ({@code "number-start";q=3;w=600}) and {@code RateLimit} its live state
 * ({@code "number-start";r=2;t=200}, r = tokens left, t = seconds until the bucket is full again).
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {}

    static Map<String, String> of(List<Verdict> verdicts) {
        List<Verdict> quotas = verdicts.stream().filter(v -> v.rule() != null).toList();
        Map<String, String> headers = new LinkedHashMap<>();
        if (quotas.isEmpty()) {
            return headers;
        }
        headers.put(
                "RateLimit-Policy",
                quotas.stream()
                        .map(v -> "\"" + v.rule().policy() + "\";q="
                                + v.rule().headline().tokens() + ";w="
                                + v.rule().headline().windowSeconds())
                        .collect(Collectors.joining(", ")));
        headers.put(
                "RateLimit",
                quotas.stream()
                        .map(v -> "\"" + v.rule().policy() + "\";r=" + Math.max(0, v.remaining()) + ";t="
                                + seconds(v.allowed() ? v.nanosToReset() : v.nanosToWait()))
                        .collect(Collectors.joining(", ")));
        return headers;
    }

    /** Whole seconds, rounded up. */
    static long seconds(long nanos) {
        return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Retry-After: whole seconds rounded up, never 0. */
    static long retryAfter(List<Verdict> verdicts) {
        long nanos = verdicts.stream()
                .filter(v -> !v.allowed())
                .mapToLong(Verdict::nanosToWait)
                .max()
                .orElse(0);
        return Math.max(1, seconds(nanos));
    }
}
