package dev.verigate.limits;

/**
 * What one check concluded: allowed or not, and for buckets the tokens left and the times to the next
 * token and to a full bucket (nanoseconds).
 *
 * @param rule the bucket rule, or null for the cooldown
 * @param tokensPerRate the tokens each of the rule's rates holds after the check, in the rule's order (empty for
 *     the cooldown)
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

    /** The state after this check's token was given back (a rejected request returns what it took). */
    Verdict givenBack() {
        long[] back = tokensPerRate.clone();
        for (int i = 0; i < back.length && i < rule.rates().size(); i++) {
            back[i] = Math.min(rule.rates().get(i).tokens(), back[i] + 1);
        }
        return new Verdict(check, rule, true, remaining + 1, nanosToWait, nanosToReset, back);
    }

    boolean perNumber() {
        return rule == null || rule.perNumber();
    }
}
