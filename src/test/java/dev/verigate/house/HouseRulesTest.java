package dev.verigate.house;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the house that the compiler does not check: the package graph keeps its shape, and every test class
 * is one that Surefire or Failsafe actually runs (a class whose name matches neither never runs, silently).
 */
class HouseRulesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/verigate");
    private static final Path TESTS = Path.of("src/test/java");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Imports of one package's classes that start with any of the forbidden prefixes, as "Class -> import". */
    private static List<String> edges(String pkg, List<String> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(MAIN.resolve(pkg))) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (forbidden.stream().anyMatch(imported::startsWith)) {
                    found.add(file.getFileName() + " -> " + imported);
                }
            }
        }
        return found;
    }

    @Test
    void modelHoldsDataOnlyAndCallbacksDoNotDependOnTheApi() throws IOException {
        assertEquals(
                List.of(),
                edges(
                        "model",
                        List.of(
                                "io.vertx",
                                "jakarta.ws",
                                "org.jboss.resteasy",
                                "io.quarkus.vertx",
                                "io.quarkus.resteasy",
                                "dev.verigate.api",
                                "dev.verigate.http",
                                "dev.verigate.apps",
                                "dev.verigate.signing",
                                "dev.verigate.limits",
                                "dev.verigate.store",
                                "dev.verigate.upstream",
                                "dev.verigate.callbacks")),
                "model is data: no HTTP plumbing, no service");
        assertEquals(
                List.of(),
                edges("callbacks", List.of("dev.verigate.api")),
                "callbacks reach limits and ownership directly, never through the API layer");
    }

    /**
     * One class chooses between Redis and this process for every store: {@code backends.StoreBackends}. The
     * backends sit side by side, {@code <feature>.redis} beside {@code <feature>.local}; no other package names a
     * backend (the stores are injected by their features' interfaces), and neither kind of backend names the other
     * (the Redis limits get their fail-open buckets handed in).
     */
    @Test
    void onlyStoreBackendsChoosesBetweenRedisAndLocal() throws IOException {
        Pattern backendReference = Pattern.compile("\\bdev\\.verigate\\.(\\w+)\\.(redis|local)\\b");
        Pattern choice = Pattern.compile("\\bKind\\.(REDIS|LOCAL)\\b|\\bcase (REDIS|LOCAL)\\b");
        List<String> crossings = new ArrayList<>();
        List<String> choosers = new ArrayList<>();
        for (Path file : javaFiles(MAIN)) {
            String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
            String kind = pkg.endsWith(".redis") ? "redis" : pkg.endsWith(".local") ? "local" : null;
            String text = Files.readString(file);
            Matcher m = backendReference.matcher(text);
            while (m.find()) {
                if (!pkg.equals("backends") && !m.group(2).equals(kind)) {
                    crossings.add(pkg + "." + file.getFileName() + " -> " + m.group());
                }
            }
            if (choice.matcher(text).find()) {
                choosers.add(pkg + "." + file.getFileName());
            }
        }
        assertEquals(
                List.of(),
                crossings,
                "a backend is named only by backends.StoreBackends and by backends of its own kind");
        assertEquals(List.of("backends.StoreBackends.java"), choosers, "one class switches on verigate.store");

        List<String> unpaired = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                String sibling = name.equals("redis") ? "local" : name.equals("local") ? "redis" : null;
                if (sibling != null && !Files.isDirectory(dir.resolveSibling(sibling))) {
                    unpaired.add(MAIN.relativize(dir).toString());
                }
            }
        }
        assertEquals(List.of(), unpaired, "every Redis backend has its local one beside it, and the other way round");
    }

    /** Surefire's and Failsafe's default includes: a test class named otherwise never runs. */
    @Test
    void everyTestClassIsOneThatRuns() throws IOException {
        Pattern runs = Pattern.compile("(Test\\w*|\\w*Tests?|\\w*TestCase|IT\\w*|\\w*IT|\\w*ITCase)\\.java");
        Pattern hasTests = Pattern.compile(
                "^\\s*@(Test|ParameterizedTest|Property|RepeatedTest|TestFactory)\\b", Pattern.MULTILINE);
        Pattern abstractOrInterface = Pattern.compile("\\b(abstract class|interface)\\b");
        List<String> neverRun = new ArrayList<>();
        for (Path file : javaFiles(TESTS)) {
            String text = Files.readString(file);
            if (hasTests.matcher(text).find()
                    && !abstractOrInterface.matcher(text).find()
                    && !runs.matcher(file.getFileName().toString()).matches()) {
                neverRun.add(TESTS.relativize(file).toString());
            }
        }
        assertEquals(List.of(), neverRun, "rename these to *Test (Surefire) or *IT (Failsafe)");
    }
}
