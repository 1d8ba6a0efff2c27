package dev.verigate.limits;

/**
 * What one check concluded: allowed or not, and for buckets the tokens left and the times to the next
 * token and to a full bucket (nanoseconds).
 *
 * @param rule the bucket rule, or null for the cooldown
 */
record Verdict(Check check, Rule rule, boolean allowed, long remaining, long nanosToWait, long nanosToReset) {

    boolean perNumber() {
        return rule == null || rule.perNumber();
    }
}
