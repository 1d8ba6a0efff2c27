package dev.verigate.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * WireMock playing Sinch for tests that run replicas of the jar: every start creates an sms verification with a
 * fresh id, and the starts that reached it are counted per number.
 */
public final class StubSinch implements AutoCloseable {

    private final WireMockServer server;

    private StubSinch(WireMockServer server) {
        this.server = server;
    }

    public static StubSinch start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .globalTemplating(true));
        server.start();
        server.stubFor(post(urlEqualTo(Gateway.VERIFICATIONS))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"{{randomValue type='UUID'}}\",\"method\":\"sms\",\"_links\":[]}")));
        return new StubSinch(server);
    }

    /** The base URL for {@code verigate.upstream.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Starts for this number that reached "Sinch". */
    public int startsFor(String number) {
        return server.findAll(postRequestedFor(urlEqualTo(Gateway.VERIFICATIONS))
                        .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number))))
                .size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
