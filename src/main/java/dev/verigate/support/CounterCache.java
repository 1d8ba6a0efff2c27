package dev.verigate.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with a fixed list of tag keys, its counters kept per tag-value combination: a request
 * pays one map look-up instead of building Tags and asking the registry (which sorts, hashes and
 * allocates on every call). The combinations are the counter's own series, so the map grows no larger
 * than the registry does.
 */
public final class CounterCache {

    private final MeterRegistry registry;
    private final String name;
    private final String[] tagKeys;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    public CounterCache(MeterRegistry registry, String name, String... tagKeys) {
        this.registry = registry;
        this.name = name;
        this.tagKeys = tagKeys.clone();
    }

    /** Adds one to the counter of these tag values (in the order of the keys given at construction). */
    public void increment(String... tagValues) {
        if (tagValues.length != tagKeys.length) {
            throw new IllegalArgumentException(name + " takes " + tagKeys.length + " tag values");
        }
        counters.computeIfAbsent(new Key(tagValues), this::register).increment();
    }

    private Counter register(Key key) {
        String[] tags = new String[tagKeys.length * 2];
        for (int i = 0; i < tagKeys.length; i++) {
            tags[2 * i] = tagKeys[i];
            tags[2 * i + 1] = key.values[i];
        }
        return registry.counter(name, tags);
    }

    private static final class Key {
        private final String[] values;
        private final int hash;

        Key(String[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
