package dev.verigate.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app ({@link PackagedApp}: the jar, or the native executable) run as a replica of its own, in
 * the prod profile, on free ports (the API's and the management interface's): what a pod is. Configuration goes in as {@code -D} properties; the process
 * inherits no {@code VERIGATE_*} or {@code QUARKUS_*} variable. Its output goes to a log file under
 * {@code target/replicas/}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private Process process;

    private GatewayProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Spawns the packaged app; {@link #awaitReady()} waits for it. */
    public static GatewayProcess spawn(String name, Map<String, String> config, List<String> jvmOptions) {
        try {
            int port = Ports.free();
            int managementPort = Ports.free();
            while (managementPort == port) {
                managementPort = Ports.free();
            }
            Path dir = Files.createDirectories(Path.of("target", "replicas"));
            Path log = dir.resolve(name + "-" + port + ".log");
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-Dquarkus.http.port=" + port);
            options.add("-Dquarkus.management.port=" + managementPort);
            config.forEach((k, v) -> options.add("-D" + k + "=" + v));
            List<String> cmd = PackagedApp.command(options);
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("VERIGATE_") || k.startsWith("QUARKUS_"));
            return new GatewayProcess(name, port, managementPort, log, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Waits until the replica says it is ready (what a load balancer waits for). */
    public GatewayProcess awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (SinchTestClient.raw("GET", healthUrl("ready"), Map.of(), null)
                                .status()
                        == 200) {
                    return this;
                }
            } catch (IllegalStateException notListening) {
                // not yet
            }
            sleep(25);
        }
        throw new IllegalStateException(name + " not ready within " + READY_WITHIN + ":\n" + logText());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics: the management interface's own port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String healthUrl(String which) {
        return managementUrl() + "/q/health/" + which;
    }

    public String metricsUrl() {
        return managementUrl() + "/q/metrics";
    }

    public String name() {
        return name;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** One Prometheus sample of the replica's metrics (the sum over series whose line starts so), 0 when absent. */
    public double metric(String linePrefix) {
        String text = SinchTestClient.raw("GET", metricsUrl(), Map.of(), null).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(linePrefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** SIGTERM, then waits for the graceful shutdown. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
