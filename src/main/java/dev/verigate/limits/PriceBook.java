package dev.verigate.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verigate.model.VerificationMethod;
import dev.verigate.store.GatewayStore;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a verification costs, per destination country and method, as Sinch last priced one (its status answers and
 * request events carry the price): the estimate a start is charged to its app's budget before Sinch names the real
 * price. Learned prices are shared through the gateway store; a price never seen is {@code verigate.budget.default-price}.
 * Amounts are kept in micro-units of Sinch's price currency.
 */
@Singleton
public class PriceBook {

    private static final Duration SHARED_FOR = Duration.ofDays(30);

    private final GatewayStore store;
    private final long defaultMicros;
    private final Cache<String, Long> known = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    PriceBook(GatewayStore store, BudgetConfig config) {
        this.store = store;
        this.defaultMicros = micros(config.defaultPrice());
    }

    /** Micro-units of an amount (rounded half up). */
    public static long micros(BigDecimal amount) {
        return amount.movePointRight(6)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** The estimate of a verification by {@code method} to {@code country}, in micro-units. */
    Uni<Long> estimate(String country, VerificationMethod method) {
        String key = key(country, method);
        Long cached = known.getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return store.get("vg:price:" + key)
                .map(found -> found.map(Long::parseLong).orElse(defaultMicros))
                .onFailure()
                .recoverWithItem(defaultMicros)
                .invoke(price -> known.put(key, price));
    }

    /**
     * Learns the price of a Sinch answer or event ({@code {"currencyId":"EUR","amount":0.0453}}), when it has one.
     *
     * @return the price in micro-units
     */
    public Optional<Long> learn(String country, VerificationMethod method, JsonNode price) {
        JsonNode amount = price.path("amount");
        if (!amount.isNumber() || amount.decimalValue().signum() < 0) {
            return Optional.empty();
        }
        long micros = micros(amount.decimalValue());
        String key = key(country, method);
        Long before = known.getIfPresent(key);
        known.put(key, micros);
        if (before == null || before != micros) {
            store.set("vg:price:" + key, Long.toString(micros), SHARED_FOR)
                    .subscribe()
                    .with(ok -> {}, f -> Log.debugf("A learned price was not shared: %s", f.toString()));
        }
        return Optional.of(micros);
    }

    private static String key(String country, VerificationMethod method) {
        return country.toUpperCase(Locale.ROOT) + ":" + method.wire();
    }
}
