package dev.verigate.testsupport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Replicas of the packaged jar (prod profile) over one Redis or Redis Cluster and a stub Sinch, with app
 * {@code burst}: its own start quota out of the way, the country's too, the number limit 3/10m and no cooldown,
 * so the number's buckets are what a test measures. No warm-up rehearsals: the coldest replicas there can be, and
 * seconds less per replica.
 */
public final class Replicas {

    public static final String KEY = "burst-key";
    public static final String SECRET = "YnVyc3Qtc2VjcmV0LWZvci1jb2xkLXN0YXJ0cw==";

    private Replicas() {}

    /** The replicas' settings: {@code redisHosts} (several for a cluster), the stub Sinch, then {@code extra}. */
    public static Map<String, String> config(
            String redisHosts, boolean cluster, StubSinch sinch, Map<String, String> extra) {
        Map<String, String> config = new TreeMap<>(Map.ofEntries(
                Map.entry("quarkus.redis.hosts", redisHosts),
                Map.entry("quarkus.redis.client-type", cluster ? "cluster" : "standalone"),
                Map.entry("verigate.api.public-url", "http://localhost:${quarkus.http.port}"),
                Map.entry("verigate.upstream.url", sinch.url()),
                Map.entry("verigate.upstream.application-key", "replica-sinch-key"),
                Map.entry("verigate.upstream.application-secret", "cmVwbGljYS1zaW5jaC1zZWNyZXQ="),
                Map.entry("verigate.apps.burst.key", KEY),
                Map.entry("verigate.apps.burst.secret", SECRET),
                Map.entry("verigate.apps.burst.limits.start", "1000000/1s"),
                Map.entry("verigate.limits.country.start", "1000000/1s"),
                Map.entry("verigate.limits.number.start", "3/10m"),
                // Bursts of never-verified starts to one prefix: the guard would rightly hold them.
                Map.entry("verigate.guard.enabled", "false"),
                Map.entry("verigate.limits.number.cooldown.initial", "0s"),
                Map.entry("verigate.warm-up.rehearsals", "0")));
        config.putAll(extra);
        return config;
    }

    /** Spawns {@code count} replicas at once and waits until all report ready. */
    public static List<GatewayProcess> start(String name, int count, Map<String, String> config) {
        List<GatewayProcess> replicas = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> GatewayProcess.spawn(name + "-" + (char) ('a' + i), config, List.of()))
                .toList();
        try {
            CompletableFuture.allOf(replicas.stream()
                            .map(r -> CompletableFuture.runAsync(r::awaitReady))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            replicas.forEach(GatewayProcess::stop);
            throw e;
        }
        return replicas;
    }

    /** App {@code burst}'s client on each replica. */
    public static List<SinchTestClient> clients(List<GatewayProcess> replicas) {
        return replicas.stream()
                .map(r -> new SinchTestClient(r.baseUrl(), KEY, SECRET))
                .toList();
    }

    /** What each replica's limits did, for failure messages. */
    public static String limitsSeen(GatewayProcess replica) {
        StringBuilder seen = new StringBuilder(replica.name());
        for (String c : List.of("expired", "failed", "overloaded", "fallbacks", "reconciled", "unknown")) {
            seen.append(' ').append(c).append('=').append((long)
                    replica.metric("verigate_limits_store_" + c + "_total"));
        }
        return seen.toString();
    }
}
