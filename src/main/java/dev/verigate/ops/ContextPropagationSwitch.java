package dev.verigate.ops;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes SmallRye Context Propagation out of Mutiny while tracing is off. Its callback decorator wraps
 * every {@code map}/{@code flatMap}/{@code subscribe} callback and captures, then restores, the
 * propagated contexts at each reactive step: about a fifth of what a start allocated. With ArC's provider
 * off ({@code quarkus.arc.context-propagation.enabled=false}) the one context left to carry is
 * OpenTelemetry's, which is empty while the SDK is off. With tracing on, the decorators stay (reloaded,
 * in case an earlier application in the same JVM, e.g. a test run, cleared them).
 */
@Singleton
class ContextPropagationSwitch {

    void onStart(@Observes StartupEvent event, @ConfigProperty(name = TracingSwitch.SDK_DISABLED) boolean tracingOff) {
        if (tracingOff) {
            // The only decorator and interceptor on the class path is context propagation's.
            Infrastructure.clearInterceptors();
            Log.debug("Tracing off: Mutiny callbacks are not wrapped for context propagation");
        } else {
            Infrastructure.reloadUniInterceptors();
            Infrastructure.reloadMultiInterceptors();
            Infrastructure.reloadCallbackDecorators();
        }
    }
}
