package dev.verigate.limits;

import dev.verigate.apps.App;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import dev.verigate.support.CounterCache;
import dev.verigate.support.Throttled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limits every start, report and status call passes. All checks of a request run at once (one
 * Redis round trip when the pipeline batches them); if any rejects, what the others took is given
 * back, so a rejected request costs nothing. Rejections are {@link RateLimited} (429) with
 * Retry-After and RateLimit headers; blocked destinations are 403/40300.
 */
@Singleton
public class Limiter {

    private static final Throttled GIVE_BACK_FAILED = new Throttled(Duration.ofSeconds(10));

    private final Policies policies;
    private final LimitStores stores;
    private final Clock clock;
    private final CounterCache decisions;
    private final CounterCache guardChecks;
    private final CounterCache guardVerified;
    private final CounterCache guardEngaged;
    private final Map<String, Long> guardedUntil = new ConcurrentHashMap<>();
    private final PriceBook prices;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> spent = new ConcurrentHashMap<>();

    Limiter(Policies policies, LimitStores stores, PriceBook prices, Clock clock, MeterRegistry meters) {
        this.policies = policies;
        this.stores = stores;
        this.prices = prices;
        this.meters = meters;
        this.clock = clock;
        this.decisions = new CounterCache(meters, "verigate.limits.decisions", "rule", "outcome");
        this.guardChecks = new CounterCache(meters, "verigate.guard.checks", "country", "outcome");
        this.guardVerified = new CounterCache(meters, "verigate.guard.verified", "country");
        this.guardEngaged = new CounterCache(meters, "verigate.guard.engaged", "prefix", "country");
        Gauge.builder("verigate.guard.prefixes", guardedUntil, Limiter::stillGuarded)
                .description("Destination prefixes guarded now, as this replica last saw them")
                .register(meters);
    }

    /** A start outside any budget (no upstream reference to settle its price by). */
    public Uni<Permit> start(App app, E164 number) {
        return start(app, number, VerificationMethod.SMS, null);
    }

    /**
     * A start to {@code number} by {@code app}: app and country capacity, the number's rates and cooldown, its
     * prefix's conversion guard, and the app's budget (charged the estimated price of {@code method} to the
     * number's country, settled by Sinch's price under {@code upstreamReference}).
     */
    public Uni<Permit> start(App app, E164 number, VerificationMethod method, String upstreamReference) {
        var blocked = policies.blocked(number);
        if (blocked.isPresent()) {
            if (!policies.shadowed("blocked")) {
                count("blocked", "rejected");
                return Uni.createFrom().failure(SinchException.forbidden(blocked.get()));
            }
            count("blocked", "shadow");
        }
        long now = clock.millis();
        List<Check> checks = startChecks(app, number, now, UUID.randomUUID().toString());
        if (app.budget().capped() && upstreamReference != null) {
            return prices.estimate(number.countryId(), method).flatMap(micros -> {
                checks.add(budgetCheck(app, upstreamReference, now, micros));
                return decide(checks);
            });
        }
        return decide(checks);
    }

    /**
     * A start's checks but the budget's (which depends on the method): the app's and the country's start rates,
     * the number's rates and cooldown, the prefix's conversion guard. {@code token} marks this start's slots.
     */
    private List<Check> startChecks(App app, E164 number, long now, String token) {
        List<Check> checks = new ArrayList<>(List.of(
                new Check.OfBucket(policies.appStart(app)),
                new Check.OfBucket(policies.countryStart(number.countryId())),
                new Check.OfBucket(policies.numberStart(number.number()))));
        if (policies.cooldown().enabled()) {
            checks.add(new Check.OfCooldown(policies.cooldownKey(number.number()), policies.cooldown(), now, token));
        }
        if (policies.guards(app)) {
            String prefix = policies.guardPrefix(number);
            checks.add(new Check.OfGuard(
                    policies.guardKey(prefix),
                    prefix,
                    policies.guardParams(),
                    now,
                    token,
                    outcome -> watch(prefix, number.countryId(), outcome)));
        }
        return checks;
    }

    /** The charge of {@code micros} to the app's budget, recorded under the start's upstream reference. */
    private Check.OfBudget budgetCheck(App app, String upstreamReference, long now, long micros) {
        return new Check.OfBudget(
                budgetKeys(app.id(), upstreamReference, now),
                now,
                micros,
                app.budget().daily().map(PriceBook::micros).orElse(-1L),
                app.budget().monthly().map(PriceBook::micros).orElse(-1L),
                new AtomicReference<>(),
                spend(app.id()));
    }

    /**
     * Sinch priced the start sent under {@code upstreamReference}: its charge to the app's budget is replaced by
     * {@code micros}, once. Never fails.
     */
    public Uni<Void> settle(App app, String upstreamReference, long micros) {
        if (!app.budget().capped()) {
            return Uni.createFrom().voidItem();
        }
        BudgetKeys keys = budgetKeys(app.id(), upstreamReference, clock.millis());
        return stores.apply(
                "budget settlement",
                b -> b.store()
                        .budgetSettle(keys, micros)
                        .invoke(delta -> delta.ifPresent(spend(app.id())::addAndGet))
                        .replaceWithVoid());
    }

    private static BudgetKeys budgetKeys(String appId, String upstreamReference, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        String day = DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.UTC).format(now);
        String prefix = "vg:spend:{" + appId + "}:";
        return new BudgetKeys(
                prefix + "d:" + day,
                prefix + "m:" + day.substring(0, 6),
                prefix + "c:" + upstreamReference,
                Duration.ofDays(2).toMillis(),
                Duration.ofDays(32).toMillis(),
                Duration.ofDays(1).toMillis());
    }

    /** This app's spend of the day as last seen by this replica (micro-units), a gauge per budgeted app. */
    private AtomicLong spend(String appId) {
        return spent.computeIfAbsent(appId, id -> {
            AtomicLong day = new AtomicLong();
            Gauge.builder("verigate.budget.spent", day, d -> d.get() / 1_000_000.0)
                    .description("What the app spent today (UTC) on verifications, in Sinch's price currency, as"
                            + " this replica last saw it")
                    .tag("app", id)
                    .register(meters);
            return day;
        });
    }

    /** Whether the conversion guard is on ({@code verigate.guard.enabled}). */
    public boolean guarding() {
        return policies.guardConfig().enabled();
    }

    /** A verification to this number succeeded: the guard counts it for the number's prefix. Never fails. */
    public Uni<Void> verified(E164 number) {
        if (!guarding()) {
            return Uni.createFrom().voidItem();
        }
        String key = policies.guardKey(policies.guardPrefix(number));
        long now = clock.millis();
        guardVerified.increment(number.countryId());
        return stores.apply("guard count", b -> b.store().guardVerified(key, policies.guardParams(), now));
    }

    /** The guard's metrics, and the one WARN line of a prefix this start's judgement guarded. */
    private void watch(String prefix, String country, GuardOutcome o) {
        guardChecks.increment(country, o.allowed() ? "allowed" : "held");
        if (o.guardedUntilMillis() > 0) {
            guardedUntil.put(prefix, o.guardedUntilMillis());
        } else {
            guardedUntil.remove(prefix);
        }
        if (o.newlyGuarded()) {
            guardEngaged.increment(prefix, country);
            GuardConfig g = policies.guardConfig();
            Log.warnf(
                    "Prefix %s (%s) guarded: %d of its %d starts in the last %s were verified (%.1f%%, below %.1f%%)."
                            + " Its starts go through at %s until %s, or sooner if its conversion returns%s.",
                    prefix,
                    country,
                    o.verified(),
                    o.starts(),
                    Rate.label(g.window()),
                    100.0 * o.verified() / Math.max(1, o.starts()),
                    100 * g.minConversion(),
                    g.rate(),
                    Instant.ofEpochMilli(o.guardedUntilMillis()),
                    policies.shadowed("guard") ? " (in shadow: nothing is refused)" : "");
        }
    }

    private static double stillGuarded(Map<String, Long> until) {
        long now = System.currentTimeMillis();
        until.values().removeIf(t -> t <= now);
        return until.size();
    }

    /**
     * When {@code app} may next start a verification to {@code number} by each method it may use, and which rule
     * holds it until then: the checks of a start, looked at without taking anything. Rules in shadow hold nothing.
     */
    public Uni<Map<VerificationMethod, Allowance>> allowance(App app, E164 number) {
        List<VerificationMethod> methods =
                Arrays.stream(VerificationMethod.values()).filter(app::allows).toList();
        if (policies.blocked(number).isPresent() && !policies.shadowed("blocked")) {
            Map<VerificationMethod, Allowance> never = new EnumMap<>(VerificationMethod.class);
            methods.forEach(m -> never.put(m, Allowance.never("blocked")));
            return Uni.createFrom().item(never);
        }
        long now = clock.millis();
        return stores.read(buckets -> {
            List<Uni<Allowance>> looks = startChecks(app, number, now, "").stream()
                    .filter(c -> !policies.shadowed(c.name()))
                    .map(c -> c.peek(buckets))
                    .toList();
            Uni<Allowance> common = Uni.join()
                    .all(looks)
                    .andFailFast()
                    .map(all -> all.stream().reduce(Allowance.NOW, Allowance::later));
            if (!app.budget().capped() || policies.shadowed("budget")) {
                return common.map(
                        a -> byMethod(methods, methods.stream().map(m -> a).toList()));
            }
            // The day's and month's spend read once; each method's estimate is its own.
            return common.flatMap(a -> buckets.store()
                    .peekBudget(budgetKeys(app.id(), "", now))
                    .flatMap(spend -> Uni.join()
                            .all(methods.stream()
                                    .map(m -> prices.estimate(number.countryId(), m)
                                            .map(micros -> Allowance.later(
                                                    a,
                                                    budgetCheck(app, "", now, micros)
                                                            .allowance(spend))))
                                    .toList())
                            .andFailFast())
                    .map(all -> byMethod(methods, all)));
        });
    }

    private static Map<VerificationMethod, Allowance> byMethod(
            List<VerificationMethod> methods, List<Allowance> allowances) {
        Map<VerificationMethod, Allowance> answer = new EnumMap<>(VerificationMethod.class);
        for (int i = 0; i < methods.size(); i++) {
            answer.put(methods.get(i), allowances.get(i));
        }
        return answer;
    }

    /**
     * Where decisions are made now: {@code redis}, {@code local} ({@code verigate.store=local}), or, while Redis
     * is unreachable, {@code down}.
     */
    public String store() {
        return stores.where();
    }

    /** Why no verification may go to this number (blocked country or prefix), if so. */
    public Optional<String> blocked(E164 number) {
        return policies.blocked(number);
    }

    /** A report on verification {@code id} to {@code e164}: app rate, the number's reports, attempts. */
    public Uni<Permit> report(App app, String e164, String id) {
        return decide(List.of(
                new Check.OfBucket(policies.appReport(app)),
                new Check.OfBucket(policies.numberReport(e164)),
                new Check.OfBucket(policies.attempts(e164, id))));
    }

    /** A status lookup by {@code app}. */
    public Uni<Permit> status(App app) {
        return decide(List.of(new Check.OfBucket(policies.appStatus(app))));
    }

    /** Gives the number its start token back: Sinch did not charge for the verification. Never fails. */
    public Uni<Void> refundStart(String e164) {
        return stores.apply("start refund", b -> b.giveBack(policies.numberStart(e164)));
    }

    /** A verification succeeded: the number's next start waits no longer than a first one. Never fails. */
    public Uni<Void> resetCooldown(String e164) {
        return stores.apply("cooldown reset", b -> b.store().delete(policies.cooldownKey(e164)));
    }

    /**
     * A start-shaped decision (an app's, a country's and a number's bucket, a cooldown) on keys of its own
     * ({@code vg:warm-up:…}, expiring within seconds), given back at once and not counted in the metrics: the
     * whole decision path runs before the replica takes traffic. Fails only if Redis does.
     */
    public Uni<Void> rehearse(int i) {
        return stores.decide(buckets -> evaluate(buckets, policies.rehearsal(i, clock.millis())))
                .flatMap(permit ->
                        permit.allowed() ? permit.release() : Uni.createFrom().voidItem());
    }

    private Uni<Permit> decide(List<Check> checks) {
        return stores.decide(buckets -> evaluate(buckets, checks)).map(permit -> {
            permit.verdicts().forEach(v -> count(name(v), outcome(v)));
            if (permit.verdicts().stream().allMatch(this::passes)) {
                return permit;
            }
            throw refusal(permit.verdicts());
        });
    }

    /** The rule's name as the metrics and {@code verigate.limits.shadow} spell it. */
    private static String name(Verdict v) {
        return v.check().name();
    }

    private String outcome(Verdict v) {
        if (v.allowed()) {
            return "allowed";
        }
        return policies.shadowed(name(v)) ? "shadow" : "rejected";
    }

    /** Allowed, or refused by a rule in shadow (which refuses nothing). */
    private boolean passes(Verdict v) {
        return v.allowed() || policies.shadowed(name(v));
    }

    /**
     * Runs every check; whatever the others took is given back when one rejects or fails, so a request that is
     * not allowed costs nothing. A failed check fails the decision (after the give-back).
     */
    private Uni<Permit> evaluate(Buckets buckets, List<Check> checks) {
        List<Uni<Outcome>> runs = checks.stream()
                .map(c -> c.run(buckets).map(Outcome::of).onFailure().recoverWithItem(Outcome::failed))
                .toList();
        return Uni.join().all(runs).andFailFast().flatMap(outcomes -> {
            List<Verdict> verdicts = outcomes.stream()
                    .map(Outcome::verdict)
                    .filter(Objects::nonNull)
                    .toList();
            Throwable failure = outcomes.stream()
                    .map(Outcome::failure)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            if (failure == null && verdicts.stream().allMatch(this::passes)) {
                return Uni.createFrom().item(new Permit(buckets, verdicts));
            }
            return undoAll(buckets, verdicts)
                    .flatMap(undone -> failure != null
                            ? Uni.createFrom().<Permit>failure(failure)
                            : Uni.createFrom().item(new Permit(buckets, verdicts)));
        });
    }

    /** One check's verdict, or why it could not be had. */
    private record Outcome(Verdict verdict, Throwable failure) {
        static Outcome of(Verdict v) {
            return new Outcome(v, null);
        }

        static Outcome failed(Throwable f) {
            return new Outcome(null, f);
        }
    }

    static Uni<Void> undoAll(Buckets buckets, List<Verdict> verdicts) {
        List<Uni<Void>> undos = verdicts.stream()
                .filter(Verdict::allowed)
                .map(v -> v.check()
                        .undo(buckets)
                        .onFailure()
                        .invoke(f -> GIVE_BACK_FAILED.warn("Could not give back a limit token: %s", f.toString()))
                        .onFailure()
                        .recoverWithNull())
                .toList();
        return undos.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(undos).andCollectFailures().replaceWithVoid();
    }

    /** A spent budget is a 403 (waiting does not help); everything else a 429 with Retry-After. */
    private SinchException refusal(List<Verdict> verdicts) {
        Optional<Verdict> budget = verdicts.stream()
                .filter(v -> !passes(v) && v.check() instanceof Check.OfBudget)
                .findFirst();
        if (budget.isPresent()) {
            return SinchException.forbidden(budget.get().check().rejection());
        }
        return rejection(verdicts);
    }

    private RateLimited rejection(List<Verdict> verdicts) {
        // A per-number rejection (42901) says more to the app than a capacity one, so it wins.
        Verdict first = verdicts.stream()
                .filter(v -> !passes(v))
                .min(Comparator.comparing(v -> !v.perNumber()))
                .orElseThrow();
        // The allowed checks of a rejected request gave their token back: show the state after that.
        List<Verdict> after = verdicts.stream()
                .map(v -> v.allowed() && v.rule() != null ? v.givenBack() : v)
                .toList();
        Map<String, String> headers = new LinkedHashMap<>(RateLimitHeaders.of(after));
        headers.put(
                "Retry-After",
                Long.toString(RateLimitHeaders.retryAfter(
                        verdicts.stream().filter(v -> !passes(v)).toList())));
        return new RateLimited(first.perNumber(), first.check().rejection(), headers);
    }

    private void count(String rule, String outcome) {
        decisions.increment(rule, outcome);
    }
}
