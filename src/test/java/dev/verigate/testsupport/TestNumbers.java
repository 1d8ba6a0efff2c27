package dev.verigate.testsupport;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct valid Swedish mobile numbers for tests, never ending in a sandbox magic suffix unless asked
 * for with {@link #magic(String)}.
 */
public final class TestNumbers {

    private static final Set<String> MAGIC = Set.of("0403", "0410", "0429", "0500", "0503", "0504");
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500_000));

    private TestNumbers() {}

    /** A fresh +4670xxxxxxx number. */
    public static String next() {
        while (true) {
            String n = String.format("+46702%06d", NEXT.incrementAndGet() % 1_000_000);
            if (!MAGIC.contains(n.substring(n.length() - 4))) {
                return n;
            }
        }
    }

    /** A fresh number ending in the given sandbox magic suffix, e.g. "0429". */
    public static String magic(String suffix) {
        return String.format("+46703%02d", NEXT.incrementAndGet() % 100) + suffix;
    }
}
