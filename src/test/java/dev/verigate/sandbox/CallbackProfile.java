package dev.verigate.sandbox;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Callbacks on, to the WireMock endpoint of {@link dev.verigate.testsupport.WireMockCallbacks}, with a
 * callback timeout short enough that a test can wait it out (the timeout test delays 2 s).
 */
public class CallbackProfile implements QuarkusTestProfile {

    static final long TIMEOUT_MILLIS = 500;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "verigate.sandbox.callbacks-enabled",
                "true",
                "verigate.sandbox.callback-timeout",
                TIMEOUT_MILLIS + "ms");
    }
}
