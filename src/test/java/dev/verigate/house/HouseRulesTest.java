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
