package dev.verigate.limits;

/**
 * A start's charge against its app's budget: made, or refused because it would pass the daily ({@code capHit} 1)
 * or monthly (2) cap; the day's and month's spend after it (micro-units).
 */
public record BudgetOutcome(boolean charged, int capHit, long dayMicros, long monthMicros) {}
