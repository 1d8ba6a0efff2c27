package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.Burst;
import dev.verigate.testsupport.CpuHog;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.GatewayProcess;
import dev.verigate.testsupport.Replicas;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.StubSinch;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestRedis;
import dev.verigate.testsupport.TestRedisCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A number gets at most its limit however cold the replicas are. Each round starts two fresh replicas of the
 * packaged jar (prod profile, no warm-up rehearsals: as cold as it gets) on one Redis, waits until both are ready, and fires
 * 100 signed starts for one number from 50 client threads, alternating replicas; {@code 3/10m}, no cooldown.
 * Every round must allow exactly 3 and exactly 3 must reach Sinch; the rest are refused (429, or 503 for a
 * decision that ran out of its budget), never 500. The same beside a CPU hog, and on a three-master Redis Cluster.
 *
 * <p>Rounds: {@code -Dverigate.it.cold-rounds} (20) on a quiet machine; {@code -Dverigate.it.cold-rounds-hog} and
 * {@code -Dverigate.it.cold-rounds-cluster} (5 each in {@code verify}, which 20 would lengthen by minutes; the
 * full 20 are run with {@code -Dverigate.it.cold-rounds-hog=20 -Dverigate.it.cold-rounds-cluster=20}).
 */
class ColdBurstIT {

    private static final int ROUNDS = Integer.getInteger("verigate.it.cold-rounds", 20);
    private static final int ROUNDS_HOG = Integer.getInteger("verigate.it.cold-rounds-hog", 5);
    private static final int ROUNDS_CLUSTER = Integer.getInteger("verigate.it.cold-rounds-cluster", 5);
    private static StubSinch sinch;

    @BeforeAll
    static void upstream() {
        sinch = StubSinch.start();
    }

    @AfterAll
    static void stopUpstream() {
        sinch.close();
    }

    @Test
    void everyRoundAtColdReplicasAllowsExactlyTheLimit() {
        assertExact(rounds(ROUNDS, Replicas.config(TestRedis.shared().url(), false, sinch, Map.of())));
    }

    @Test
    void alsoBesideABusyNeighbour() {
        try (CpuHog hog = CpuHog.onEveryCore()) {
            assertExact(rounds(ROUNDS_HOG, Replicas.config(TestRedis.shared().url(), false, sinch, Map.of())));
        }
    }

    @Test
    void alsoOnARedisCluster() {
        try (TestRedisCluster cluster = TestRedisCluster.start(3)) {
            assertExact(rounds(ROUNDS_CLUSTER, Replicas.config(cluster.hosts(), true, sinch, Map.of())));
        }
    }

    /** One round's counts; {@code replicas} says what each replica's limits did (for the failure message). */
    private record Round(int allowed, int reachedSinch, Map<Integer, Integer> statuses, List<String> replicas) {}

    private static void assertExact(List<Round> rounds) {
        long exact = rounds.stream()
                .filter(r -> r.allowed() == 3
                        && r.reachedSinch() == 3
                        && !r.statuses().containsKey(500))
                .count();
        assertEquals(
                rounds.size(), exact, "rounds that allowed exactly 3 (allowed, reached Sinch, statuses): " + rounds);
    }

    private static List<Round> rounds(int count, Map<String, String> config) {
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rounds.add(round(i, config));
        }
        return rounds;
    }

    private static Round round(int i, Map<String, String> config) {
        List<GatewayProcess> replicas = Replicas.start("cold" + i, 2, config);
        try {
            String number = TestNumbers.next();
            List<Reply> replies = Burst.post(
                    Replicas.clients(replicas), Gateway.VERIFICATIONS, Gateway.startBody("sms", number), 100, 50);
            int allowed = (int) replies.stream().filter(r -> r.status() == 200).count();
            return new Round(
                    allowed,
                    sinch.startsFor(number),
                    Burst.statuses(replies),
                    replicas.stream().map(Replicas::limitsSeen).toList());
        } finally {
            replicas.forEach(GatewayProcess::stop);
        }
    }
}
