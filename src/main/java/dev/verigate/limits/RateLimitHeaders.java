package dev.verigate.limits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-09). Every rate of every rule is a quota of its
 * own, named in {@code RateLimit-Policy} with its size and window and in {@code RateLimit} with its live state, so
 * each item of one field has its counterpart in the other. A rule with one rate is named as the rule
 * ({@code "app-start";q=100;w=1}); a rule with several is one item per rate, the window appended to the rule's
 * name ({@code "number-start-10m";q=3;w=600, "number-start-24h";q=10;w=86400}, and in {@code RateLimit}
 * {@code "number-start-10m";r=2;t=200, "number-start-24h";r=9;t=8640}). {@code r} is the tokens left,
 * {@code t} the seconds until that rate's bucket is full again.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {}

    /** One rate of one rule as a quota: its name, its size and window, the tokens it holds now. */
    private record Quota(String name, Rate rate, long tokens) {

        long secondsToFull() {
            long missing = Math.max(0, rate.tokens() - tokens);
            return seconds(Math.multiplyExact(missing, rate.period().toNanos()) / rate.tokens());
        }
    }

    static Map<String, String> of(List<Verdict> verdicts) {
        List<Quota> quotas = quotas(verdicts);
        Map<String, String> headers = new LinkedHashMap<>();
        if (quotas.isEmpty()) {
            return headers;
        }
        headers.put(
                "RateLimit-Policy",
                quotas.stream()
                        .map(q -> "\"" + q.name() + "\";q=" + q.rate().tokens() + ";w="
                                + q.rate().windowSeconds())
                        .collect(Collectors.joining(", ")));
        headers.put(
                "RateLimit",
                quotas.stream()
                        .map(q -> "\"" + q.name() + "\";r=" + Math.max(0, q.tokens()) + ";t=" + q.secondsToFull())
                        .collect(Collectors.joining(", ")));
        return headers;
    }

    private static List<Quota> quotas(List<Verdict> verdicts) {
        List<Quota> quotas = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Verdict v : verdicts) {
            if (v.rule() == null) {
                continue;
            }
            List<Rate> rates = v.rule().rates();
            long[] tokens = v.tokensPerRate();
            for (int i = 0; i < rates.size(); i++) {
                String name = rates.size() == 1
                        ? v.rule().policy()
                        : v.rule().policy() + "-" + rates.get(i).label();
                if (!names.add(name)) {
                    name = name + "-" + (i + 1);
                    names.add(name);
                }
                // A bucket written under another configuration may hold other rates until it is replaced.
                long left = tokens.length == rates.size() ? tokens[i] : v.remaining();
                quotas.add(new Quota(
                        name, rates.get(i), Math.min(left, rates.get(i).tokens())));
            }
        }
        return quotas;
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
