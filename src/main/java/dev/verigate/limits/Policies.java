package dev.verigate.limits;

import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import dev.verigate.model.E164;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The configured limits as rules with store keys. Parsed once at boot: a malformed rate fails the
 * boot with the key it came from. Number keys share one hash tag per number ({@code {+467…}}).
 */
@Singleton
class Policies {

    static final String SAME_NUMBER = "Cannot initiate verification to the same number too quickly.";

    /** The names of every rule, as metrics, RateLimit fields and {@code verigate.limits.shadow} spell them. */
    static final Set<String> RULES = Set.of(
            "app-start",
            "app-report",
            "app-status",
            "country-start",
            "number-start",
            "number-report",
            "verification-attempts",
            "cooldown",
            "blocked",
            "guard",
            "budget");

    /** Rehearsal buckets: never in the way, full again within a second, gone seconds later. */
    private static final Rule REHEARSAL =
            Rule.of("warm-up", "vg:warm-up", List.of(new Rate(1_000_000, Duration.ofSeconds(1))), false, "");

    private static final CooldownPolicy REHEARSAL_COOLDOWN =
            new CooldownPolicy(Duration.ofMillis(1), 1, Duration.ofMillis(1), Duration.ofSeconds(10));

    private final Map<String, Rule> appStart = new HashMap<>();
    private final Map<String, Rule> appReport = new HashMap<>();
    private final Map<String, Rule> appStatus = new HashMap<>();
    private final Map<String, Rule> countryStart = new ConcurrentHashMap<>();
    private final List<Rate> countryDefault;
    private final Map<String, List<Rate>> countryOverrides = new HashMap<>();
    private final Set<String> blockedCountries;
    private final List<String> blockedPrefixes;
    private final Rule numberStart;
    private final Rule numberReport;
    private final Rule attempts;
    private final CooldownPolicy cooldown;
    private final Set<String> shadow;
    private final boolean guardEnabled;
    private final int guardPrefixLength;
    private final GuardParams guardParams;
    private final Set<String> guardExempt;
    private final GuardConfig guard;

    Policies(LimitsConfig config, GuardConfig guard, AppRegistry apps) {
        this.guard = guard;
        guardEnabled = guard.enabled();
        guardPrefixLength = guard.prefixLength();
        if (guardPrefixLength < 0 || guardPrefixLength > 12) {
            throw new IllegalStateException("verigate.guard.prefix-length: 0 to 12 digits, not " + guardPrefixLength);
        }
        if (!(guard.minConversion() >= 0 && guard.minConversion() <= 1)) {
            throw new IllegalStateException(
                    "verigate.guard.min-conversion: a share from 0 to 1, not " + guard.minConversion());
        }
        List<Rate> trickle = rates(guard.rate(), "verigate.guard.rate");
        if (trickle.size() != 1) {
            throw new IllegalStateException("verigate.guard.rate: one rate, such as 1/1m");
        }
        guardParams =
                GuardParams.of(guard.window(), guard.minStarts(), guard.minConversion(), guard.hold(), trickle.get(0));
        guardExempt = guard.exemptApps().orElse(List.of()).stream()
                .map(String::strip)
                .collect(Collectors.toUnmodifiableSet());
        shadow = config.shadow().orElse(List.of()).stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        shadow.stream().filter(name -> !RULES.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalStateException("verigate.limits.shadow: '" + name + "' is not a rule; the rules are "
                    + RULES.stream().sorted().collect(Collectors.joining(", ")));
        });
        for (App app : apps.all()) {
            String prefix = "verigate.apps.\"" + app.id() + "\".limits.";
            appStart.put(
                    app.id(),
                    appRule(
                            "app-start",
                            app,
                            "start",
                            rates(app.limits().start().orElse(config.app().start()), prefix + "start")));
            appReport.put(
                    app.id(),
                    appRule(
                            "app-report",
                            app,
                            "report",
                            rates(app.limits().report().orElse(config.app().report()), prefix + "report")));
            appStatus.put(
                    app.id(),
                    appRule(
                            "app-status",
                            app,
                            "status",
                            rates(app.limits().status().orElse(config.app().status()), prefix + "status")));
        }
        countryDefault = rates(config.country().start(), "verigate.limits.country.start");
        config.country()
                .overrides()
                .forEach((iso, spec) -> countryOverrides.put(
                        iso.toUpperCase(Locale.ROOT), rates(spec, "verigate.limits.country.overrides." + iso)));
        blockedCountries = config.country().blocked().orElse(List.of()).stream()
                .map(c -> c.strip().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        blockedPrefixes = config.number().blockedPrefixes().orElse(List.of()).stream()
                .map(String::strip)
                .toList();
        numberStart = Rule.of(
                "number-start", "", rates(config.number().start(), "verigate.limits.number.start"), true, SAME_NUMBER);
        numberReport = Rule.of(
                "number-report",
                "",
                rates(config.number().report(), "verigate.limits.number.report"),
                true,
                "Too many reports for this number.");
        attempts = Rule.of(
                "verification-attempts",
                "",
                List.of(new Rate(Math.max(1, config.verification().attempts()), Duration.ofHours(24))),
                false,
                "Too many attempts for this verification.");
        var c = config.number().cooldown();
        cooldown = new CooldownPolicy(c.initial(), c.multiplier(), c.max(), c.window());
    }

    Rule appStart(App app) {
        return appStart.get(app.id());
    }

    Rule appReport(App app) {
        return appReport.get(app.id());
    }

    Rule appStatus(App app) {
        return appStatus.get(app.id());
    }

    Rule countryStart(String iso) {
        return countryStart.computeIfAbsent(
                iso,
                code -> Rule.of(
                        "country-start",
                        "vg:country:{" + code + "}:start",
                        countryOverrides.getOrDefault(code, countryDefault),
                        false,
                        "Request capacity exceeded for this destination country."));
    }

    Rule numberStart(String e164) {
        return numberStart.withKey(numberKey(e164, "start"));
    }

    Rule numberReport(String e164) {
        return numberReport.withKey(numberKey(e164, "report"));
    }

    Rule attempts(String e164, String verificationId) {
        return attempts.withKey(numberKey(e164, "attempts:" + verificationId));
    }

    /** Whether the conversion guard counts and may hold this app's starts. */
    boolean guards(App app) {
        return guardEnabled && !guardExempt.contains(app.id());
    }

    /** The destination prefix the guard judges a number by. */
    String guardPrefix(E164 number) {
        return number.prefix(guardPrefixLength);
    }

    String guardKey(String prefix) {
        return "vg:guard:{" + prefix + "}";
    }

    GuardParams guardParams() {
        return guardParams;
    }

    GuardConfig guardConfig() {
        return guard;
    }

    /** True when the rule of this name decides in shadow (counts, refuses nothing). */
    boolean shadowed(String rule) {
        return shadow.contains(rule);
    }

    CooldownPolicy cooldown() {
        return cooldown;
    }

    String cooldownKey(String e164) {
        return numberKey(e164, "cooldown");
    }

    /** The checks of a rehearsal (see {@link Limiter#rehearse}): like a start's, on keys no request uses. */
    List<Check> rehearsal(int i, long nowMillis) {
        String number = "vg:warm-up:{" + (i % 16) + "}";
        return List.of(
                new Check.OfBucket(REHEARSAL.withKey("vg:warm-up:{app}")),
                new Check.OfBucket(REHEARSAL.withKey("vg:warm-up:{country}")),
                new Check.OfBucket(REHEARSAL.withKey(number + ":start")),
                new Check.OfCooldown(number + ":cooldown", REHEARSAL_COOLDOWN, nowMillis, Integer.toString(i)));
    }

    /** Why no verification may go to this number, if it is blocked by country or prefix. */
    Optional<String> blocked(E164 number) {
        if (blockedCountries.contains(number.countryId())) {
            return Optional.of("Verifications to " + number.countryId() + " are blocked.");
        }
        return blockedPrefixes.stream()
                .filter(number.number()::startsWith)
                .findFirst()
                .map(p -> "Verifications to numbers starting " + p + " are blocked.");
    }

    private static Rule appRule(String policy, App app, String operation, List<Rate> rates) {
        return Rule.of(policy, "vg:app:{" + app.id() + "}:" + operation, rates, false, "Request capacity exceeded.");
    }

    private static String numberKey(String e164, String what) {
        return "vg:num:{" + e164 + "}:" + what;
    }

    private static List<Rate> rates(String spec, String key) {
        try {
            return Rate.parseAll(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + ": " + e.getMessage());
        }
    }
}
