package dev.verigate.ops;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/**
 * OpenTelemetry tracing. Spans are exported over OTLP only when {@code endpoint} is set; without it the
 * OpenTelemetry SDK stays off (see {@link TracingSwitch}), so nothing tries to reach a collector that
 * is not there.
 */
@ConfigMapping(prefix = "verigate.tracing")
public interface TracingConfig {

    /** The OTLP collector, e.g. {@code http://otel-collector:4317} (gRPC) or {@code :4318} with http/protobuf. */
    Optional<URI> endpoint();
}
