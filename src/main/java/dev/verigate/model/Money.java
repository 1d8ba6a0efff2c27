package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;

/**
 * An amount in a currency, {@code {"currencyId":"EUR","amount":0.0453}}. {@link BigDecimal} keeps the
 * amount exactly as Sinch wrote it (no binary floating point rounding on the way through).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record Money(String currencyId, BigDecimal amount) {

    public static Money eur(String amount) {
        return new Money("EUR", new BigDecimal(amount));
    }
}
