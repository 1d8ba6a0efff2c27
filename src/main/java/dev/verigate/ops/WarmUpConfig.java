package dev.verigate.ops;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The rehearsal of the request path a replica runs before it reports ready. */
@ConfigMapping(prefix = "verigate.warm-up")
public interface WarmUpConfig {

    /** Rehearsals on the JVM when none are configured. */
    int JVM_DEFAULT = 500;

    /**
     * Rehearsals of the request path (authentication, body parsing, number parsing, a limit decision through
     * Redis) before readiness turns green; 0 makes the replica ready at once. When absent: {@value #JVM_DEFAULT}
     * on the JVM (they get its JIT going), none in the native executable (compiled ahead of time, it has nothing
     * to warm, and the rehearsals would only take CPU from its first requests).
     */
    Optional<Integer> rehearsals();

    /** What this process runs: the configured number, else the default of its kind. */
    default int effectiveRehearsals() {
        return rehearsals().orElse(ImageMode.current() == ImageMode.NATIVE_RUN ? 0 : JVM_DEFAULT);
    }
}
