package dev.verigate.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * WireMock on a dynamic port as the upstream Sinch, for fault injection (resets, delays, 5xx bursts,
 * 429 with Retry-After). Tests get the server through a field annotated {@link InjectWireMock}.
 */
public class WireMockUpstream implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWireMock {}

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // Delayed answers must not hold the threads later requests need: answer them asynchronously.
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20));
        server.start();
        return Map.of("verigate.upstream.url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
