package dev.verigate.limits;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.verigate.testsupport.Burst;
import dev.verigate.testsupport.CpuHog;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.GatewayProcess;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A number gets at most its limit however cold the replicas are. Each round starts two fresh replicas of the
 * packaged jar (prod profile) on one Redis, waits until both are ready, and fires 100 signed starts for one
 * number from 50 client threads, alternating replicas; {@code verigate.limits.number.start=3/10m}, no cooldown.
 * Every round must allow exactly 3 and exactly 3 must reach Sinch (WireMock); the rest are refused (429, or 503
 * for a decision that ran out of its budget), never 500.
 *
 * <p>Rounds: {@code -Dverigate.it.cold-rounds} (20) on a quiet machine; beside a CPU hog
 * {@code -Dverigate.it.cold-rounds-hog} (8 in {@code verify}, which they would otherwise lengthen by minutes; the
 * full 20 are run with {@code -Dverigate.it.cold-rounds-hog=20}, see docs/limits.md).
 */
class ColdBurstIT {

    private static final int ROUNDS = Integer.getInteger("verigate.it.cold-rounds", 20);
    private static final int ROUNDS_HOG = Integer.getInteger("verigate.it.cold-rounds-hog", 8);
    private static final String KEY = "burst-key";
    private static final String SECRET = "YnVyc3Qtc2VjcmV0LWZvci1jb2xkLXN0YXJ0cw==";
    private static WireMockServer sinch;

    @BeforeAll
    static void upstream() {
        sinch = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .globalTemplating(true));
        sinch.start();
        sinch.stubFor(post(urlEqualTo(Gateway.VERIFICATIONS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"{{randomValue type='UUID'}}\",\"method\":\"sms\",\"_links\":[]}")));
    }

    @AfterAll
    static void stopUpstream() {
        sinch.stop();
    }

    @Test
    void everyRoundAtColdReplicasAllowsExactlyTheLimit() {
        assertExact(rounds(ROUNDS));
    }

    @Test
    void alsoBesideABusyNeighbour() {
        try (CpuHog hog = CpuHog.onEveryCore()) {
            assertExact(rounds(ROUNDS_HOG));
        }
    }

    /** One round's counts; {@code replicas} says what each replica's limits did (for the failure message). */
    private record Round(int allowed, int reachedSinch, Map<Integer, Integer> statuses, List<String> replicas) {
    }

    private static void assertExact(List<Round> rounds) {
        long exact = rounds.stream().filter(r -> r.allowed() == 3 && r.reachedSinch() == 3
                && !r.statuses().containsKey(500)).count();
        assertEquals(rounds.size(), exact, "rounds that allowed exactly 3 (allowed, reached Sinch, statuses): "
                + rounds);
    }

    private List<Round> rounds(int count) {
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rounds.add(round(i));
        }
        return rounds;
    }

    private Round round(int i) {
        List<GatewayProcess> replicas = List.of(replica("cold-a" + i), replica("cold-b" + i));
        try {
            CompletableFuture.allOf(replicas.stream().map(r -> CompletableFuture.runAsync(r::awaitReady))
                    .toArray(CompletableFuture[]::new)).join();
            String number = TestNumbers.next();
            List<SinchTestClient> clients = replicas.stream()
                    .map(r -> new SinchTestClient(r.baseUrl(), KEY, SECRET)).toList();
            List<Reply> replies = Burst.post(clients, Gateway.VERIFICATIONS, Gateway.startBody("sms", number), 100, 50);
            int allowed = (int) replies.stream().filter(r -> r.status() == 200).count();
            int reached = sinch.findAll(postRequestedFor(urlEqualTo(Gateway.VERIFICATIONS))
                    .withRequestBody(matchingJsonPath("$.identity.endpoint", equalTo(number)))).size();
            return new Round(allowed, reached, Burst.statuses(replies), replicas.stream().map(ColdBurstIT::limitsSeen)
                    .toList());
        } finally {
            replicas.forEach(GatewayProcess::stop);
        }
    }

    private static String limitsSeen(GatewayProcess replica) {
        String[] counters = {"expired", "failed", "overloaded", "fallbacks", "reconciled", "unknown"};
        StringBuilder seen = new StringBuilder(replica.name());
        for (String c : counters) {
            seen.append(' ').append(c).append('=')
                    .append((long) replica.metric("verigate_limits_store_" + c + "_total"));
        }
        return seen.toString();
    }

    private static GatewayProcess replica(String name) {
        return GatewayProcess.spawn(name, Map.ofEntries(
                Map.entry("quarkus.redis.hosts", TestRedis.shared().url()),
                Map.entry("verigate.upstream.url", "http://127.0.0.1:" + sinch.port()),
                Map.entry("verigate.upstream.application-key", "cold-sinch-key"),
                Map.entry("verigate.upstream.application-secret", "Y29sZC1zaW5jaC1zZWNyZXQ="),
                Map.entry("verigate.apps.burst.key", KEY),
                Map.entry("verigate.apps.burst.secret", SECRET),
                Map.entry("verigate.apps.burst.limits.start", "1000000/1s"),
                Map.entry("verigate.limits.country.start", "1000000/1s"),
                Map.entry("verigate.limits.number.start", "3/10m"),
                Map.entry("verigate.limits.number.cooldown.initial", "0s")), List.of());
    }
}
