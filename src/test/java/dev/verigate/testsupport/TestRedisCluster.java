package dev.verigate.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on this machine, no Docker: {@code masters} {@code redis-server --cluster-enabled yes} on
 * free ports (each port + 10000, the cluster bus, free too), joined by {@code redis-cli --cluster create} with no
 * replicas. A master can be stopped and started again on its port (it rejoins from its nodes file).
 */
public final class TestRedisCluster implements AutoCloseable {

    private static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);

    private final Path dir;
    private final List<Integer> ports;
    private final Process[] nodes;

    private TestRedisCluster(Path dir, List<Integer> ports) {
        this.dir = dir;
        this.ports = ports;
        this.nodes = new Process[ports.size()];
    }

    /** Starts the nodes, creates the cluster and waits until every node reports {@code cluster_state:ok}. */
    public static TestRedisCluster start(int masters) {
        try {
            Path dir = Files.createTempDirectory("verigate-redis-cluster");
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < masters) {
                int p = freeClusterPort();
                if (!ports.contains(p)) {
                    ports.add(p);
                }
            }
            TestRedisCluster cluster = new TestRedisCluster(dir, ports);
            for (int i = 0; i < masters; i++) {
                cluster.launch(i);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            cluster.awaitState("ok", Duration.ofSeconds(20));
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start a Redis Cluster (redis-server and redis-cli on the PATH?)", e);
        }
    }

    /** The connection strings for {@code quarkus.redis.hosts}, comma-separated. */
    public String hosts() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Stops master {@code i} (SIGKILL: it gets no chance to hand anything over). */
    public void stop(int i) {
        if (nodes[i] != null) {
            nodes[i].destroyForcibly();
            try {
                nodes[i].waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nodes[i] = null;
        }
    }

    /** Starts master {@code i} again on its port and waits for the cluster to be whole. */
    public void restart(int i) {
        if (nodes[i] == null) {
            launch(i);
            awaitState("ok", Duration.ofSeconds(30));
        }
    }

    /** Waits until every running node reports {@code cluster_state:<state>}. */
    public void awaitState(String state, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            boolean all = true;
            for (int i = 0; i < ports.size(); i++) {
                if (nodes[i] != null && !info(ports.get(i)).contains("cluster_state:" + state)) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            GatewayProcess.sleep(100);
        }
        throw new IllegalStateException("the cluster did not reach cluster_state:" + state + " within " + within);
    }

    public Duration nodeTimeout() {
        return NODE_TIMEOUT;
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i);
        }
    }

    private void launch(int i) {
        int port = ports.get(i);
        try {
            Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
            Process p = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            "nodes.conf",
                            "--cluster-node-timeout",
                            String.valueOf(NODE_TIMEOUT.toMillis()),
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            nodeDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(nodeDir.resolve("redis.log").toFile())
                    .start();
            nodes[i] = p;
            awaitPort(port, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on " + port, e);
        }
    }

    private static String info(int port) {
        try {
            return run(List.of("redis-cli", "-p", String.valueOf(port), "cluster", "info"));
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(p) && free(p + 10_000)) {
                return p;
            }
        }
        throw new IOException("no free port pair (p, p + 10000) found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void awaitPort(int port, Process p) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("redis-server exited with " + p.exitValue());
                }
                GatewayProcess.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not open port " + port);
    }
}
