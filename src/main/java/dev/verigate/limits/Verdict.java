package dev.verigate.limits;

/**
 * What one check concluded: allowed or not, and for buckets the tokens left and the times to the next
 * token and to a full bucket (nanoseconds).
 *
 * @param rule the bucket rule, or null for a check that is not a bucket (the cooldown, the guard)
 * @param tokensPerRate the tokens each of the rule's rates holds after the check, in the rule's order (empty
 *     without a rule)
 */
record Verdict(
        Check check,
        Rule rule,
        boolean allowed,
        long remaining,
        long nanosToWait,
        long nanosToReset,
        long[] tokensPerRate) {

    static final long[] NO_BANDWIDTHS = new long[0];

    /** The verdict of a check that is not a bucket (the cooldown, the guard): allowed, or wait this long. */
    static Verdict unbucketed(Check check, boolean allowed, long waitMillis) {
        return new Verdict(check, null, allowed, 0, waitMillis * 1_000_000L, waitMillis * 1_000_000L, NO_BANDWIDTHS);
    }

    /** The state after this check's token was given back (a rejected request returns what it took). */
    Verdict givenBack() {
        long[] back = tokensPerRate.clone();
        for (int i = 0; i < back.length && i < rule.rates().size(); i++) {
            back[i] = Math.min(rule.rates().get(i).tokens(), back[i] + 1);
        }
        return new Verdict(check, rule, true, remaining + 1, nanosToWait, nanosToReset, back);
    }

    boolean perNumber() {
        return check.perNumber();
    }
}
