package dev.verigate.limits;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** One limit a request must pass, and how to give back what passing it took. */
sealed interface Check permits Check.OfBucket, Check.OfCooldown, Check.OfGuard, Check.OfBudget {

    Uni<Verdict> run(Buckets buckets);

    Uni<Void> undo(Buckets buckets);

    /**
     * What this check would conclude now, taking nothing: {@link Allowance#NOW}, or how long until it would let a
     * request through, with its name as the reason.
     */
    Uni<Allowance> peek(Buckets buckets);

    /** The rule's name, as the metrics, the RateLimit fields and {@code verigate.limits.shadow} spell it. */
    String name();

    /** Whether a refusal means "this number too quickly" (42901) rather than capacity (42900). */
    boolean perNumber();

    /** The message of a refusal. */
    String rejection();

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

        @Override
        public Uni<Allowance> peek(Buckets buckets) {
            return buckets.peek(rule)
                    .map(p -> p.canBeConsumed()
                            ? Allowance.NOW
                            : new Allowance(Math.max(1, (p.getNanosToWaitForRefill() + 999_999) / 1_000_000), name()));
        }

        @Override
        public String name() {
            return rule.policy();
        }

        @Override
        public boolean perNumber() {
            return rule.perNumber();
        }

        @Override
        public String rejection() {
            return rule.rejection();
        }
    }

    /** One start slot of a number's progressive cooldown; {@code token} identifies this request's slot. */
    record OfCooldown(String key, CooldownPolicy policy, long nowMillis, String token) implements Check {
        @Override
        public Uni<Verdict> run(Buckets buckets) {
            return buckets.store()
                    .acquireCooldown(key, policy, nowMillis, token)
                    .map(o -> Verdict.unbucketed(this, o.allowed(), o.waitMillis()));
        }

        @Override
        public Uni<Void> undo(Buckets buckets) {
            return buckets.store().releaseCooldown(key, token);
        }

        @Override
        public Uni<Allowance> peek(Buckets buckets) {
            return buckets.store().peekCooldown(key, policy, nowMillis).map(wait -> Allowance.after(wait, name()));
        }

        @Override
        public String name() {
            return "cooldown";
        }

        @Override
        public boolean perNumber() {
            return true;
        }

        @Override
        public String rejection() {
            return Policies.SAME_NUMBER;
        }
    }

    /**
     * A start to a destination prefix under the conversion guard: counted, and while the prefix is guarded let
     * through one per trickle interval. {@code watch} hears every outcome (metrics, the log line of a newly
     * guarded prefix).
     */
    record OfGuard(
            String key, String prefix, GuardParams params, long nowMillis, String token, Consumer<GuardOutcome> watch)
            implements Check {

        @Override
        public Uni<Verdict> run(Buckets buckets) {
            return buckets.store()
                    .guardStart(key, params, nowMillis, token)
                    .invoke(watch)
                    .map(o -> Verdict.unbucketed(this, o.allowed(), o.waitMillis()));
        }

        @Override
        public Uni<Void> undo(Buckets buckets) {
            return buckets.store().guardRelease(key, nowMillis / params.slotMillis(), token);
        }

        @Override
        public Uni<Allowance> peek(Buckets buckets) {
            return buckets.store().peekGuard(key, nowMillis).map(wait -> Allowance.after(wait, name()));
        }

        @Override
        public String name() {
            return "guard";
        }

        @Override
        public boolean perNumber() {
            return false;
        }

        @Override
        public String rejection() {
            return "Verifications to numbers starting " + prefix + " are slowed down: few of their codes are entered"
                    + " (SMS pumping guard).";
        }
    }

    /**
     * A start's estimated price charged to its app's budget ({@code -1} caps: none), refused past a cap (403, not
     * 429: waiting a few seconds does not help). {@code seen} keeps the outcome for the refusal's message;
     * {@code spentToday} is the app's spend of the day as this replica last saw it (the metric).
     */
    record OfBudget(
            BudgetKeys keys,
            long nowMillis,
            long micros,
            long dailyCapMicros,
            long monthlyCapMicros,
            AtomicReference<BudgetOutcome> seen,
            AtomicLong spentToday)
            implements Check {

        @Override
        public Uni<Verdict> run(Buckets buckets) {
            return buckets.store()
                    .budgetCharge(keys, micros, dailyCapMicros, monthlyCapMicros)
                    .invoke(o -> {
                        seen.set(o);
                        spentToday.set(o.dayMicros());
                    })
                    .map(o -> Verdict.unbucketed(this, o.charged(), 0));
        }

        @Override
        public Uni<Allowance> peek(Buckets buckets) {
            return buckets.store().peekBudget(keys).map(this::allowance);
        }

        /**
         * What this charge would meet with the day's and month's {@code spend} (micro-units): past a cap, a wait
         * until the next UTC day (daily cap) or month (monthly cap).
         */
        Allowance allowance(long[] spend) {
            boolean daily = dailyCapMicros >= 0 && spend[0] + micros > dailyCapMicros;
            boolean monthly = monthlyCapMicros >= 0 && spend[1] + micros > monthlyCapMicros;
            if (!daily && !monthly) {
                return Allowance.NOW;
            }
            ZonedDateTime today =
                    Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            ZonedDateTime resumes = monthly ? today.withDayOfMonth(1).plusMonths(1) : today.plusDays(1);
            return new Allowance(resumes.toInstant().toEpochMilli() - nowMillis, name());
        }

        @Override
        public Uni<Void> undo(Buckets buckets) {
            return buckets.store()
                    .budgetSettle(keys, -1)
                    .invoke(delta -> delta.ifPresent(spentToday::addAndGet))
                    .replaceWithVoid();
        }

        @Override
        public String name() {
            return "budget";
        }

        @Override
        public boolean perNumber() {
            return false;
        }

        @Override
        public String rejection() {
            BudgetOutcome o = seen.get();
            boolean daily = o == null || o.capHit() == 1;
            return "The application's " + (daily ? "daily" : "monthly") + " budget of "
                    + amount(daily ? dailyCapMicros : monthlyCapMicros) + " is spent: "
                    + amount(o == null ? 0 : daily ? o.dayMicros() : o.monthMicros())
                    + " used, and this verification is estimated at " + amount(micros) + ". Starts resume "
                    + (daily ? "tomorrow (UTC)." : "next month (UTC).");
        }

        private static String amount(long micros) {
            return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
        }
    }
}
