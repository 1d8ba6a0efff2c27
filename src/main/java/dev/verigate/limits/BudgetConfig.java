package dev.verigate.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Spend caps (each app's own are {@code verigate.apps."<id>".budget.daily} / {@code .monthly}). */
@ConfigMapping(prefix = "verigate.budget")
public interface BudgetConfig {

    /**
     * What a start is charged before Sinch has priced a verification to its country by its method (in Sinch's
     * price currency); the real price replaces it when Sinch names it.
     */
    @WithDefault("0.10")
    BigDecimal defaultPrice();
}
