package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cooldown settings that would quietly not work fail the boot, naming the key to fix. */
class CooldownPolicyTest {

    private static String refusal(Duration initial, double multiplier, Duration max, Duration window) {
        return assertThrows(IllegalArgumentException.class, () -> new CooldownPolicy(initial, multiplier, max, window))
                .getMessage();
    }

    @Test
    void refusesAWindowShorterThanTheLongestWaitOrNone() {
        assertTrue(refusal(Duration.ofSeconds(30), 2, Duration.ofMinutes(10), Duration.ofMinutes(5))
                .startsWith("verigate.limits.number.cooldown.window"));
        assertTrue(refusal(Duration.ofSeconds(30), 2, Duration.ofMinutes(10), Duration.ZERO)
                .startsWith("verigate.limits.number.cooldown.window"));
    }

    @Test
    void refusesAMaxBelowInitialANegativeInitialAndAShrinkingMultiplier() {
        assertTrue(refusal(Duration.ofMinutes(1), 2, Duration.ofSeconds(30), Duration.ofHours(24))
                .startsWith("verigate.limits.number.cooldown.max"));
        assertTrue(refusal(Duration.ofSeconds(-1), 2, Duration.ofMinutes(10), Duration.ofHours(24))
                .startsWith("verigate.limits.number.cooldown.initial"));
        assertTrue(refusal(Duration.ofSeconds(30), 0.5, Duration.ofMinutes(10), Duration.ofHours(24))
                .startsWith("verigate.limits.number.cooldown.multiplier"));
    }

    @Test
    void acceptsTheDefaultsAndADisabledCooldown() {
        CooldownPolicy defaults =
                new CooldownPolicy(Duration.ofSeconds(30), 2, Duration.ofMinutes(10), Duration.ofHours(24));
        assertEquals(60_000, defaults.waitMillis(2));
        CooldownPolicy off = new CooldownPolicy(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);
        assertEquals(0, off.waitMillis(5));
    }
}
