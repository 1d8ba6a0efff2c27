package dev.verigate.limits;

/**
 * Where an app's spend lives for one start: its spend of the (UTC) day and month, in micro-units of Sinch's price
 * currency, and the record of what this start was charged (kept until Sinch's price settles it). All three share the
 * app's hash tag.
 */
public record BudgetKeys(
        String dayKey,
        String monthKey,
        String chargeKey,
        long dayTtlMillis,
        long monthTtlMillis,
        long chargeTtlMillis) {}
