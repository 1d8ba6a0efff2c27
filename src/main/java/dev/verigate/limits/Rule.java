package dev.verigate.limits;

import io.github.bucket4j.BucketConfiguration;
import java.util.List;

/**
 * One token bucket a request must pass: its policy name (metrics, RateLimit headers), its store key
 * and rates, and whether a rejection means "this number too quickly" (42901) or capacity (42900).
 */
record Rule(
        String policy,
        String key,
        List<Rate> rates,
        BucketConfiguration configuration,
        long version,
        boolean perNumber,
        String rejection) {

    static Rule of(String policy, String key, List<Rate> rates, boolean perNumber, String rejection) {
        var builder = BucketConfiguration.builder();
        rates.forEach(r -> builder.addLimit(r.toBandwidth()));
        // The version lets a changed ConfigMap replace the configuration of buckets already in Redis.
        return new Rule(
                policy,
                key,
                rates,
                builder.build(),
                Math.abs((long) rates.toString().hashCode()),
                perNumber,
                rejection);
    }

    Rule withKey(String newKey) {
        return new Rule(policy, newKey, rates, configuration, version, perNumber, rejection);
    }

    /**
     * This rule as one of {@code replicas} replicas deciding alone applies it: each bandwidth's tokens divided
     * (rounded up, at least 1), same periods, so together they allow at most {@code tokens + replicas - 1} per
     * bandwidth. The key is the same: the local store is this replica's own.
     */
    Rule sharedBy(int replicas) {
        if (replicas <= 1) {
            return this;
        }
        List<Rate> shares = rates.stream().map(r -> r.sharedBy(replicas)).toList();
        return of(policy, key, shares, perNumber, rejection);
    }
}
