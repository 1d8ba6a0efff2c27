package dev.verigate.ops;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Turns the OpenTelemetry SDK on exactly when {@code verigate.tracing.endpoint} is set, so an operator
 * sets one key to get traces. An explicit {@code quarkus.otel.sdk.disabled} still wins.
 */
@Priority(100)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "verigate.tracing.endpoint";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || explicit(value)) {
            return value;
        }
        ConfigValue endpoint = context.proceed(ENDPOINT);
        boolean off = endpoint == null
                || endpoint.getValue() == null
                || endpoint.getValue().isBlank();
        return ConfigValue.builder()
                .withName(SDK_DISABLED)
                .withValue(Boolean.toString(off))
                .withConfigSourceName("verigate.tracing.endpoint (TracingSwitch)")
                .build();
    }

    /** Set by a real source (properties, environment, ConfigMap), not just the extension's own default. */
    private static boolean explicit(ConfigValue value) {
        return value != null && value.getValue() != null && value.getConfigSourceOrdinal() > 0;
    }
}
