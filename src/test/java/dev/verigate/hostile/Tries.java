package dev.verigate.hostile;

import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.engine.execution.lifecycle.CurrentTestDescriptor;
import net.jqwik.engine.execution.lifecycle.StoreRepository;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * Drives a jqwik {@link Arbitrary} from a {@code @QuarkusTest}: jqwik's {@code @Property} runs in the
 * jqwik engine, outside the Quarkus JUnit extension, so it cannot reach the gateway that extension
 * starts. The generators (edge cases embedded) are used directly with a fixed seed that is printed,
 * inside a scope of jqwik's own (its combinators memoize generators in a store that only exists on a
 * jqwik thread: the engine's {@code CurrentTestDescriptor}, pinned with jqwik 1.10.1);
 * {@code -Dhostile.seed=N} replays a run, {@code -Dhostile.tries=N} changes the number of tries. A
 * failure names the property, the seed, the try and the offending input.
 */
final class Tries {

    static final long SEED = Long.getLong("hostile.seed", 20261202L);
    static final int TRIES = Integer.getInteger("hostile.tries", 150);
    private static final int GEN_SIZE = 1000;

    private Tries() {}

    /** Checks the property on {@link #TRIES} inputs. */
    static <T> void check(String property, Arbitrary<T> inputs, Consumer<T> check) {
        check(property, TRIES, inputs, check);
    }

    static <T> void check(String property, int tries, Arbitrary<T> inputs, Consumer<T> check) {
        // Each property has its own stream, so adding a property does not change another's inputs.
        long seed = SEED ^ property.hashCode();
        Random random = new Random(seed);
        System.out.printf("hostile: %s, %d tries, seed %d (-Dhostile.seed=%d)%n", property, tries, seed, SEED);
        TestDescriptor scope =
                new EngineDescriptor(UniqueId.forEngine("hostile").append("property", property), property);
        try {
            CurrentTestDescriptor.runWithDescriptor(scope, () -> {
                RandomGenerator<T> generator = inputs.generatorWithEmbeddedEdgeCases(GEN_SIZE);
                for (int i = 0; i < tries; i++) {
                    T input = generator.next(random).value();
                    try {
                        check.accept(input);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(
                                String.format(
                                        "%s failed on try %d of %d (-Dhostile.seed=%d)%n  input: %s%n  %s",
                                        property, i + 1, tries, SEED, input, e.getMessage()),
                                e);
                    }
                }
                return null;
            });
        } finally {
            StoreRepository.getCurrent().finishScope(scope);
        }
    }
}
