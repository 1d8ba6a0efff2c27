package dev.verigate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK is on exactly when a collector endpoint is configured, unless switched off by hand. */
class TracingSwitchTest {

    private static boolean sdkDisabled(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withDefaultValue(TracingSwitch.SDK_DISABLED, "false") // the extension's own default
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }

    @Test
    void withoutAnEndpointTheSdkStaysOff() {
        assertEquals(true, sdkDisabled(Map.of()));
        assertEquals(true, sdkDisabled(Map.of(TracingSwitch.ENDPOINT, " ")));
    }

    @Test
    void anEndpointTurnsItOn() {
        assertEquals(false, sdkDisabled(Map.of(TracingSwitch.ENDPOINT, "http://collector:4317")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals(
                true,
                sdkDisabled(
                        Map.of(TracingSwitch.ENDPOINT, "http://collector:4317", TracingSwitch.SDK_DISABLED, "true")));
        assertEquals(false, sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, "false")));
    }
}
