package dev.verigate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the build packaged, as a command line: the jar ({@code target/quarkus-app/quarkus-run.jar}) on this
 * test JVM's {@code java}, or, when failsafe runs the {@code native} profile ({@code -Dnative}), the native
 * executable at {@code native.image.path}. Both take {@code -Dname=value} configuration.
 */
public final class PackagedApp {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedApp() {}

    /** True when the integration tests run against the native executable. */
    public static boolean isNative() {
        return Boolean.getBoolean("verigate.it.native");
    }

    /** The command that runs the packaged app with these {@code -D} properties (and, for the jar, JVM options). */
    public static List<String> command(List<String> options) {
        List<String> cmd = new ArrayList<>();
        if (isNative()) {
            Path exe = Path.of(System.getProperty("native.image.path", "target/missing-runner"));
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException("build the native executable first: " + exe + " is missing");
            }
            cmd.add(exe.toAbsolutePath().toString());
            cmd.addAll(options);
            return cmd;
        }
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("package the app first: " + JAR + " is missing");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        return cmd;
    }
}
