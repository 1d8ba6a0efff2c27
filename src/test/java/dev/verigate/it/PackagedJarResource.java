package dev.verigate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.testsupport.SinchTestClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;

/**
 * What the packaged jar runs against in the {@code @QuarkusIntegrationTest}s: one WireMock on a dynamic
 * port that plays Sinch (under {@code /verification/v1}) and the apps' webhooks (under {@code /hooks}),
 * and the prod configuration that points the jar at it. Redis comes from the global
 * {@link dev.verigate.testsupport.RedisTestResource}.
 *
 * <p>The jar runs in the <b>prod</b> profile (the default of {@code quarkus.test.integration-test-profile}):
 * these runs train the JDK 25 AOT cache, and the cache should hold what the image will run (JSON logs,
 * sandbox off, the Redis store, the REST client toward an external Sinch), not the test profile's
 * embedded sandbox. Everything the prod profile requires (upstream credentials, Redis, apps) is given
 * here; test resources run in the test JVM and their config reaches the jar as {@code -D} properties.
 *
 * <p>Every IT class carries the same {@code @WithTestResource}, so they share one launch of the jar:
 * a relaunch would record a new AOT configuration and keep only the last class's training.
 */
public class PackagedJarResource implements QuarkusTestResourceLifecycleManager {

    /** Sinch's credentials for this gateway (it signs its calls with them and checks Sinch's events). */
    static final String SINCH_KEY = "it-sinch-key";

    static final String SINCH_SECRET = "aXQtc2luY2gtc2VjcmV0LW9ubHktZm9yLWl0cw==";
    /** App "shop": the default limits (so the per-number cooldown), a result webhook. */
    static final String SHOP_KEY = "shop-key";

    static final String SHOP_SECRET = "c2hvcC1zZWNyZXQtb25seS1mb3ItaXRz";
    /** App "tight": 2 starts an hour. */
    static final String TIGHT_KEY = "tight-key";

    static final String TIGHT_SECRET = "dGlnaHQtc2VjcmV0LW9ubHktZm9yLWl0cw==";

    static final String STARTS = "/verification/v1/verifications";
    static final String SHOP_HOOK = "/hooks/shop";
    static final int MAX_RETRIES = 2;

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.ofEntries(
                Map.entry("verigate.api.public-url", "http://localhost:${quarkus.http.port}"),
                Map.entry("verigate.upstream.url", base),
                Map.entry("verigate.upstream.application-key", SINCH_KEY),
                Map.entry("verigate.upstream.application-secret", SINCH_SECRET),
                Map.entry("verigate.upstream.retry.max-retries", String.valueOf(MAX_RETRIES)),
                Map.entry("verigate.apps.shop.key", SHOP_KEY),
                Map.entry("verigate.apps.shop.secret", SHOP_SECRET),
                Map.entry("verigate.apps.shop.webhook-url", base + SHOP_HOOK),
                Map.entry("verigate.apps.tight.key", TIGHT_KEY),
                Map.entry("verigate.apps.tight.secret", TIGHT_SECRET),
                Map.entry("verigate.apps.tight.limits.start", "2/1h"),
                // Many never-verified starts to one prefix: the guard would rightly hold them.
                Map.entry("verigate.guard.enabled", "false"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The WireMock behind the jar (same JVM as the tests; {@code @QuarkusIntegrationTest} forbids injection). */
    static WireMockServer wireMock() {
        if (server == null) {
            throw new IllegalStateException("PackagedJarResource is not started");
        }
        return server;
    }

    /**
     * The running jar's base URL. Its port is dynamic ({@code quarkus.http.test-port=0} in failsafe): the
     * launcher reads it from the jar's log and sets it on RestAssured before each test.
     */
    static String gatewayUrl() {
        if (RestAssured.port <= 0) {
            throw new IllegalStateException("no gateway port: is this a @QuarkusIntegrationTest?");
        }
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    static SinchTestClient shop() {
        return new SinchTestClient(gatewayUrl(), SHOP_KEY, SHOP_SECRET);
    }

    static SinchTestClient tight() {
        return new SinchTestClient(gatewayUrl(), TIGHT_KEY, TIGHT_SECRET);
    }

    /** Sinch calling the gateway's event endpoint. */
    static SinchTestClient sinch() {
        return new SinchTestClient(gatewayUrl(), SINCH_KEY, SINCH_SECRET);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** Sinch answers a start to this number with {@code answer}. */
    static void onStart(String number, ResponseDefinitionBuilder answer) {
        wireMock()
                .stubFor(post(urlEqualTo(STARTS))
                        .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number)))
                        .willReturn(answer));
    }

    /** Sinch creates an sms verification with this id for a start to this number. */
    static void createsOnStart(String number, String id) {
        onStart(
                number,
                json(
                        200,
                        "{\"id\":\"" + id + "\",\"method\":\"sms\",\"sms\":{\"template\":\"Code {{CODE}}\","
                                + "\"interceptionTimeout\":198},\"_links\":[]}"));
    }

    /** The starts for this number that reached Sinch. */
    static List<LoggedRequest> startsFor(String number) {
        return wireMock()
                .findAll(postRequestedFor(urlEqualTo(STARTS))
                        .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number))));
    }
}
