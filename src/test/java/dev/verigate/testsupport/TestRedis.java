package dev.verigate.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One Redis for the test JVM, found or started as {@link RedisTestResource} describes. */
public final class TestRedis implements AutoCloseable {

    private static TestRedis shared;

    private final String url;
    private final int port;
    private final AutoCloseable owner;
    private Process process;
    private final Path dir;

    private TestRedis(String url, int port, AutoCloseable owner, Process process, Path dir) {
        this.url = url;
        this.port = port;
        this.owner = owner;
        this.process = process;
        this.dir = dir;
    }

    public static synchronized TestRedis shared() {
        if (shared == null) {
            shared = locate();
        }
        return shared;
    }

    public String url() {
        return url;
    }

    /** The server's host, as its URL names it. */
    public String host() {
        return java.net.URI.create(url).getHost();
    }

    /** The server's port. */
    public int port() {
        return port > 0 ? port : java.net.URI.create(url).getPort();
    }

    /** True when this JVM started the server itself, so a test may stop and restart it. */
    public boolean controllable() {
        return dir != null;
    }

    /** Stops the server started from PATH (for outage tests). */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the server again on the same port after {@link #stop()}. */
    public synchronized void restart() {
        if (process == null && dir != null) {
            process = launch(port, dir);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            if (owner != null) {
                owner.close();
            }
        } catch (Exception ignored) {
            // best effort at JVM end
        }
        shared = null;
    }

    private static TestRedis locate() {
        String fromEnv = System.getenv("VERIGATE_TEST_REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new TestRedis(fromEnv, -1, null, null, null);
        }
        TestRedis container = fromTestcontainers();
        if (container != null) {
            return container;
        }
        try {
            int port = Ports.free();
            Path dir = Files.createTempDirectory("verigate-redis");
            return new TestRedis("redis://127.0.0.1:" + port, port, null, launch(port, dir), dir);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start redis-server from PATH: install redis-server, " + "or set VERIGATE_TEST_REDIS_URL",
                    e);
        }
    }

    @SuppressWarnings("resource")
    private static TestRedis fromTestcontainers() {
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))) {
            return null; // no engine to ask: skip Testcontainers' own (noisy) discovery
        }
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            var container =
                    new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            String url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
            return new TestRedis(url, container.getMappedPort(6379), container, null, null);
        } catch (Throwable noDocker) {
            return null;
        }
    }

    private static Process launch(int port, Path dir) {
        try {
            Process p = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            awaitPort(port, p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start redis-server from PATH: install redis-server, " + "or set VERIGATE_TEST_REDIS_URL",
                    e);
        }
    }

    private static void awaitPort(int port, Process p) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("redis-server exited with " + p.exitValue());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not open port " + port);
    }
}
