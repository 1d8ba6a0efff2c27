package dev.verigate.callbacks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.verigate.testsupport.WireMockUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock standing in for apps' webhooks: app "hooked" (key hooked-key) receives its events at
 * {@code /hooks/hooked} and is asked about request events at {@code /decide/hooked}; its neighbour app
 * "hookedtoo" (key hookedtoo-key) receives its own at {@code /hooks/hookedtoo}.
 */
public class AppWebhooks implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "aG9va2VkLXNlY3JldC1mb3ItdGVzdHM=";
    static final String NEIGHBOUR_SECRET = "aG9va2VkdG9vLXNlY3JldC1mb3ItdGVzdHM=";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .asynchronousResponseEnabled(true));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "verigate.apps.hooked.key",
                "hooked-key",
                "verigate.apps.hooked.secret",
                SECRET,
                "verigate.apps.hooked.webhook-url",
                base + "/hooks/hooked",
                "verigate.apps.hooked.request-webhook-url",
                base + "/decide/hooked",
                "verigate.apps.hookedtoo.key",
                "hookedtoo-key",
                "verigate.apps.hookedtoo.secret",
                NEIGHBOUR_SECRET,
                "verigate.apps.hookedtoo.webhook-url",
                base + "/hooks/hookedtoo");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server,
                new TestInjector.AnnotatedAndMatchesType(WireMockUpstream.InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
