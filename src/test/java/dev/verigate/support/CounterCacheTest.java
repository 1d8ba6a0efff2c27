package dev.verigate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The cached counters are the registry's own series: same names, same tags, same counts. */
class CounterCacheTest {

    @Test
    void countsPerTagCombinationInTheRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CounterCache requests = new CounterCache(registry, "verigate.requests", "app", "outcome");

        requests.increment("alpha", "200");
        requests.increment("alpha", "200");
        requests.increment("alpha", "429");
        requests.increment("beta", "200");

        // 2 + 1 + 1 = 4 increments over 3 series
        assertEquals(
                2.0,
                registry.get("verigate.requests")
                        .tags("app", "alpha", "outcome", "200")
                        .counter()
                        .count());
        assertEquals(
                1.0,
                registry.get("verigate.requests")
                        .tags("app", "alpha", "outcome", "429")
                        .counter()
                        .count());
        assertEquals(
                1.0,
                registry.get("verigate.requests")
                        .tags("app", "beta", "outcome", "200")
                        .counter()
                        .count());
        assertEquals(3, registry.find("verigate.requests").counters().size());
        assertSame(
                registry.get("verigate.requests")
                        .tags("app", "beta", "outcome", "200")
                        .counter(),
                registry.counter("verigate.requests", "app", "beta", "outcome", "200"));
    }

    @Test
    void refusesAWrongNumberOfTagValues() {
        CounterCache decisions =
                new CounterCache(new SimpleMeterRegistry(), "verigate.limits.decisions", "rule", "outcome");
        assertThrows(IllegalArgumentException.class, () -> decisions.increment("app-start"));
    }
}
