package dev.verigate.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.JettySettings;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import wiremock.org.eclipse.jetty.io.NetworkTrafficListener;
import wiremock.org.eclipse.jetty.server.HttpConnectionFactory;
import wiremock.org.eclipse.jetty.server.ServerConnector;

/**
 * WireMock on a dynamic port as the application's callback endpoint: the sandbox sends its events to
 * {@link #PATH} there ({@code verigate.sandbox.callback-url}). Tests stub the answers and read the
 * request journal through a field annotated {@link InjectCallbacks}. Header values are journaled as
 * they arrived (see {@link VerbatimHeaders}), so a signature can be recomputed over them.
 */
public class WireMockCallbacks implements QuarkusTestResourceLifecycleManager {

    /** Not the gateway's own {@code /sinch/events}, so a test proves the configured URL is the one used. */
    public static final String PATH = "/app/sinch/callbacks";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectCallbacks {}

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // Delayed answers (timeout tests) must not hold the threads other events need.
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20)
                .httpServerFactory(VerbatimHeaders::new));
        server.start();
        return Map.of("verigate.sandbox.callback-url", "http://127.0.0.1:" + server.port() + PATH);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectCallbacks.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * Jetty's parser swaps a header it knows for its cached spelling, ignoring case: a signed
     * {@code application/json; charset=utf-8} would be journaled as {@code charset=UTF-8}. A case-sensitive
     * header cache keeps the bytes that were sent.
     */
    private static final class VerbatimHeaders extends Jetty11HttpServer {

        VerbatimHeaders(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
            super(options, admin, stubs);
        }

        @Override
        protected ServerConnector createHttpConnector(
                String bindAddress, int port, JettySettings jettySettings, NetworkTrafficListener listener) {
            ServerConnector connector = super.createHttpConnector(bindAddress, port, jettySettings, listener);
            connector
                    .getConnectionFactory(HttpConnectionFactory.class)
                    .getHttpConfiguration()
                    .setHeaderCacheCaseSensitive(true);
            return connector;
        }
    }
}
