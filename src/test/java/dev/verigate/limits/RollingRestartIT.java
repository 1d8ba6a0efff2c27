package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.GatewayProcess;
import dev.verigate.testsupport.Replicas;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.StubSinch;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What applying a changed ConfigMap does (deploy/: its name carries a content hash, so the pods roll): replicas
 * are replaced one at a time under load, each new one cold, with the new configuration. Four client threads keep
 * starting verifications for 30 numbers on whichever replicas are in service (a replica leaves the rotation
 * before it is stopped, as the endpoint removal before preStop does). Every number gets exactly its 3/10m, no
 * more reach Sinch, and nothing fails.
 */
class RollingRestartIT {

    private static final int NUMBERS = 30;

    @Test
    void replacingReplicasOneAtATimeUnderLoadKeepsEveryNumberExact() throws Exception {
        try (StubSinch sinch = StubSinch.start()) {
            Map<String, String> before = Replicas.config(TestRedis.shared().url(), false, sinch, Map.of());
            Map<String, String> after = Replicas.config(
                    TestRedis.shared().url(), false, sinch, Map.of("verigate.limits.max-in-flight", "500"));
            List<GatewayProcess> running = new ArrayList<>(Replicas.start("rolling", 2, before));
            List<SinchTestClient> inService = new CopyOnWriteArrayList<>(Replicas.clients(running));
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < NUMBERS; i++) {
                numbers.add(TestNumbers.next());
            }
            Map<String, AtomicInteger> allowed = new ConcurrentHashMap<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    while (!stop.get()) {
                        int i = next.getAndIncrement();
                        String number = numbers.get(i % NUMBERS);
                        SinchTestClient[] now = inService.toArray(new SinchTestClient[0]);
                        int status;
                        try {
                            status = now[i % now.length]
                                    .post(Gateway.VERIFICATIONS, Gateway.startBody("sms", number))
                                    .status();
                        } catch (IllegalStateException connectionFailed) {
                            status = 0;
                        }
                        synchronized (statuses) {
                            statuses.merge(status, 1, Integer::sum);
                        }
                        if (status == 200) {
                            allowed.computeIfAbsent(number, n -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            try {
                for (int r = 0; r < 2; r++) {
                    // Out of rotation, then (after the in-flight requests, as preStop's sleep allows) stopped
                    // gracefully, and replaced by a cold replica with the new settings.
                    inService.remove(0);
                    Thread.sleep(1_000);
                    running.remove(0).stop();
                    GatewayProcess fresh =
                            Replicas.start("rolled-" + r, 1, after).get(0);
                    running.add(fresh);
                    inService.add(new SinchTestClient(fresh.baseUrl(), Replicas.KEY, Replicas.SECRET));
                }
                Thread.sleep(1_000);
            } finally {
                stop.set(true);
                load.shutdown();
                assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));
                running.forEach(GatewayProcess::stop);
            }
            assertTrue(next.get() > NUMBERS * 10, "starts tried: " + next.get());
            assertEquals(
                    Map.of(200, NUMBERS * 3),
                    Map.of(200, statuses.getOrDefault(200, 0)),
                    "starts allowed; all answers " + statuses);
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), "answers " + statuses);
            for (String n : numbers) {
                assertEquals(3, allowed.getOrDefault(n, new AtomicInteger()).get(), n + " starts allowed");
                assertEquals(3, sinch.startsFor(n), n + " starts that reached Sinch");
            }
        }
    }
}
