package dev.verigate.limits;

import io.smallrye.mutiny.Uni;

/** One limit a request must pass, and how to give back what passing it took. */
sealed interface Check permits Check.OfBucket, Check.OfCooldown {

    Uni<Verdict> run(Buckets buckets);

    Uni<Void> undo(Buckets buckets);

    /** One token from a bucket. */
    record OfBucket(Rule rule) implements Check {
        @Override
        public Uni<Verdict> run(Buckets buckets) {
            return buckets.take(rule).map(taken -> {
                var probe = taken.getValue();
                return new Verdict(
                        this,
                        rule,
                        probe.isConsumed(),
                        probe.getRemainingTokens(),
                        probe.getNanosToWaitForRefill(),
                        probe.getNanosToWaitForReset(),
                        taken.getDiagnostics().getAvailableTokensPerEachBandwidth());
            });
        }

        @Override
        public Uni<Void> undo(Buckets buckets) {
            return buckets.giveBack(rule);
        }
    }

    /** One start slot of a number's progressive cooldown; {@code token} identifies this request's slot. */
    record OfCooldown(String key, CooldownPolicy policy, long nowMillis, String token) implements Check {
        @Override
        public Uni<Verdict> run(Buckets buckets) {
            return buckets.store()
                    .acquireCooldown(key, policy, nowMillis, token)
                    .map(o -> new Verdict(
                            this,
                            null,
                            o.allowed(),
                            0,
                            o.waitMillis() * 1_000_000L,
                            o.waitMillis() * 1_000_000L,
                            Verdict.NO_BANDWIDTHS));
        }

        @Override
        public Uni<Void> undo(Buckets buckets) {
            return buckets.store().releaseCooldown(key, token);
        }
    }
}
