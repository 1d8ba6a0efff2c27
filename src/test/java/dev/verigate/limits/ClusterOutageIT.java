package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.GatewayProcess;
import dev.verigate.testsupport.Replicas;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.StubSinch;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One master of a three-master Redis Cluster (no replicas) dies under two gateway replicas, fail-open. Starts keep
 * being answered (200, 429, or a 503 for a decision caught by the failure), never 500. A number whose keys are
 * on a living master stays exact on Redis; decisions that reach the dead master, and every decision once the
 * cluster declares itself down, are made on per-replica buckets holding half the limit each: a number gets at most
 * what Redis gave before plus 2 per replica, 3 + 2 + 2. When the master is back, decisions return to Redis.
 */
class ClusterOutageIT {

    private static final int NUMBERS = 12;
    private static final int ATTEMPTS = 8;

    @Test
    void aDeadMasterCostsNoServerErrorAndStaysWithinTheFailOpenBound() {
        try (StubSinch sinch = StubSinch.start();
                TestRedisCluster cluster = TestRedisCluster.start(3)) {
            List<GatewayProcess> replicas = Replicas.start(
                    "cluster-outage",
                    2,
                    Replicas.config(
                            cluster.hosts(),
                            true,
                            sinch,
                            Map.of(
                                    "verigate.limits.store-retry-after",
                                    "500ms",
                                    "verigate.limits.heartbeat-interval",
                                    "500ms")));
            try {
                List<SinchTestClient> apps = Replicas.clients(replicas);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> replicas.stream().allMatch(r -> r.metric("verigate_limits_replicas ") == 2));

                cluster.stop(0);
                Map<Integer, Integer> statuses = new TreeMap<>();
                List<String> numbers = new ArrayList<>();
                long until = System.nanoTime()
                        + cluster.nodeTimeout().multipliedBy(2).toNanos();
                // Fresh numbers, each tried ATTEMPTS times alternating replicas, until the cluster has long
                // noticed (node timeout 2 s): decisions on Redis, on the dead node, and on a cluster that is down.
                while (System.nanoTime() < until || numbers.size() < NUMBERS) {
                    String number = TestNumbers.next();
                    numbers.add(number);
                    for (int i = 0; i < ATTEMPTS; i++) {
                        int status = apps.get(i % 2)
                                .post(Gateway.VERIFICATIONS, Gateway.startBody("sms", number))
                                .status();
                        statuses.merge(status, 1, Integer::sum);
                    }
                }
                assertTrue(
                        statuses.keySet().stream().allMatch(s -> s == 200 || s == 429 || s == 503),
                        "answers: " + statuses);
                double fallbacks = replicas.stream()
                        .mapToDouble(r -> r.metric("verigate_limits_store_fallbacks_total"))
                        .sum();
                assertTrue(fallbacks > 0, "decisions made on per-replica buckets: " + fallbacks);
                for (String n : numbers) {
                    int reached = sinch.startsFor(n);
                    assertTrue(reached <= 3 + 2 + 2, n + " got " + reached + " codes; answers " + statuses);
                }

                // Back: the master rejoins, a probe succeeds, and a fresh number is exact on Redis again.
                cluster.restart(0);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> replicas.stream().allMatch(r -> r.metric("verigate_limits_store_down ") == 0));
                String fresh = TestNumbers.next();
                int allowed = 0;
                for (int i = 0; i < ATTEMPTS; i++) {
                    allowed += apps.get(i % 2)
                                            .post(Gateway.VERIFICATIONS, Gateway.startBody("sms", fresh))
                                            .status()
                                    == 200
                            ? 1
                            : 0;
                }
                assertEquals(3, allowed, "starts allowed for a fresh number once the cluster is whole");
                assertEquals(3, sinch.startsFor(fresh));
            } finally {
                replicas.forEach(GatewayProcess::stop);
            }
        }
    }
}
