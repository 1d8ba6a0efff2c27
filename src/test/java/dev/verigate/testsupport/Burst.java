package dev.verigate.testsupport;

import dev.verigate.testsupport.SinchTestClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many signed requests at once: {@code threads} client threads released together, request {@code i} sent
 * through {@code clients.get(i % clients.size())} (so consecutive requests alternate replicas).
 */
public final class Burst {

    private Burst() {}

    /** Sends {@code requests} POSTs of {@code body} to {@code path} and answers them in request order. */
    public static List<Reply> post(List<SinchTestClient> clients, String path, String body, int requests, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<List<Integer>> shares = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                shares.add(new ArrayList<>());
            }
            for (int i = 0; i < requests; i++) {
                shares.get(i % threads).add(i);
            }
            Reply[] replies = new Reply[requests];
            List<Future<?>> running = new ArrayList<>();
            for (List<Integer> share : shares) {
                running.add(pool.submit(() -> {
                    go.await();
                    for (int i : share) {
                        replies[i] = clients.get(i % clients.size()).post(path, body);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
            return List.of(replies);
        } catch (Exception e) {
            throw new IllegalStateException("burst failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many answers had each status. */
    public static Map<Integer, Integer> statuses(List<Reply> replies) {
        Map<Integer, Integer> counts = new TreeMap<>();
        replies.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }
}
