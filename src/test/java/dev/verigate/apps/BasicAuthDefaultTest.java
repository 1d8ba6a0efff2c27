package dev.verigate.apps;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Basic auth (the secret in clear on every request, no replay protection) is refused in prod unless an app is
 * allowed it by name; dev mode accepts it for the curl walk-through. Read from the real application.properties.
 */
class BasicAuthDefaultTest {

    private static AppRegistry registry(String profile, Map<String, String> apps) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        BasicAuthDefaultTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(apps, "env", 300))
                .withDefaultValue("quarkus.http.port", "8080")
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(AppsConfig.class)
                .withMapping(AuthConfig.class)
                .build();
        return new AppRegistry(config.getConfigMapping(AppsConfig.class), config.getConfigMapping(AuthConfig.class));
    }

    private static final Map<String, String> TWO_APPS = Map.of(
            "verigate.apps.plain.key",
            "plain-key",
            "verigate.apps.plain.secret",
            "cGxhaW4tc2VjcmV0",
            "verigate.apps.legacy.key",
            "legacy-key",
            "verigate.apps.legacy.secret",
            "bGVnYWN5LXNlY3JldA==",
            "verigate.apps.legacy.allow-basic-auth",
            "true");

    @Test
    void prodRefusesBasicUnlessAnAppIsAllowedIt() throws IOException {
        AppRegistry prod = registry("prod", TWO_APPS);
        assertFalse(prod.byId("plain").orElseThrow().allowBasicAuth());
        assertTrue(prod.byId("legacy").orElseThrow().allowBasicAuth());
    }

    @Test
    void devAcceptsBasicForTheCurlExamples() throws IOException {
        AppRegistry dev = registry("dev", Map.of());
        assertTrue(dev.byId("demo").orElseThrow().allowBasicAuth());
    }
}
