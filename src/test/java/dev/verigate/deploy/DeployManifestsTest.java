package dev.verigate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.limits.Rate;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomization under {@code deploy/} in Java ({@link MiniKustomize}) and checks what a
 * cluster would only tell at apply or run time: references between objects, probes, security settings,
 * that every environment key of the ConfigMap and Secrets is a configuration key the application
 * really reads (with a value of the right type), that no real-looking secret is committed, and that the
 * Grafana dashboard queries metrics the application exports. Plain JUnit, no Quarkus, no cluster.
 */
class DeployManifestsTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/dev", "overlays/prod", "overlays/serverless");
    static final String APP = "verigate";
    static final String CONFIG_MAP = "verigate-config";
    static final String SECRET = "verigate-secrets";
    static final Map<String, String> HEALTH = Map.of(
            "startupProbe",
            "/q/health/started",
            "livenessProbe",
            "/q/health/live",
            "readinessProbe",
            "/q/health/ready");
    /** Non-configuration variables the manifests may set. */
    static final Set<String> OTHER_ENV = Set.of("JAVA_TOOL_OPTIONS");
    /** Quarkus keys set by the manifests that are not in application.properties or docs/configuration.md. */
    static final Set<String> EXTRA_QUARKUS_KEYS = Set.of("quarkus.shutdown.timeout");

    static List<AppConfigKeys.Key> keys;
    static Set<String> quarkusEnv;

    @BeforeAll
    static void load() throws IOException {
        keys = AppConfigKeys.load(ROOT.resolve("src/main/java"));
        Set<String> quarkus = new TreeSet<>(EXTRA_QUARKUS_KEYS);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        props.stringPropertyNames().stream()
                .filter(k -> k.startsWith("quarkus."))
                .forEach(quarkus::add);
        Matcher readme = Pattern.compile("`(quarkus\\.[a-z0-9.-]+)`")
                .matcher(Files.readString(ROOT.resolve("docs/configuration.md")));
        while (readme.find()) {
            quarkus.add(readme.group(1));
        }
        quarkusEnv = quarkus.stream().map(AppConfigKeys::envName).collect(Collectors.toSet());
    }

    static List<ObjectNode> render(String dir) throws IOException {
        return MiniKustomize.render(DEPLOY.resolve(dir));
    }

    static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> MiniKustomize.id(o).equals(kind + "/" + name))
                .findFirst();
    }

    static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("missing " + kind + "/" + name));
    }

    /** The ConfigMap generated as {@code verigate-config-<content hash>}. */
    static ObjectNode configMap(List<ObjectNode> objects) {
        List<ObjectNode> generated = ofKind(objects, "ConfigMap").stream()
                .filter(o -> o.path("metadata").path("name").asText().matches(CONFIG_MAP + "-[a-z0-9]{10}"))
                .toList();
        assertEquals(1, generated.size(), "one generated " + CONFIG_MAP + "-<hash>");
        return generated.get(0);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> m = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false; // an empty selector would select everything: never what these manifests mean
        }
        Map<String, String> sel = strings(selector);
        Map<String, String> lab = strings(labels);
        return sel.entrySet().stream().allMatch(e -> e.getValue().equals(lab.get(e.getKey())));
    }

    static JsonNode podLabels(ObjectNode deployment) {
        return deployment.path("spec").path("template").path("metadata").path("labels");
    }

    static JsonNode gatewayContainer(ObjectNode deployment) {
        for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
            if (APP.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container '" + APP + "'");
    }

    /** A port reference (name or number) resolved against the container's ports. */
    static int containerPort(JsonNode container, JsonNode ref) {
        if (ref.isInt()) {
            return ref.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (ref.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container " + container.path("name") + " has no port named " + ref);
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void everyYamlAndJsonFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 10, "deploy/ looks empty: " + files);
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                for (ObjectNode doc : MiniKustomize.readAll(f)) {
                    assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind"), f + ": apiVersion and kind");
                }
            } else if (n.endsWith(".json")) {
                new ObjectMapper().readTree(f.toFile());
            } else if (n.endsWith(".env")) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    assertTrue(
                            l.isEmpty() || l.startsWith("#") || l.matches("[A-Z][A-Z0-9_]*=.*"),
                            f + ": not KEY=VALUE: " + l);
                }
            } else {
                fail("unexpected file in deploy/: " + f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/serverless"})
    void referencesBetweenObjectsResolve(String dir) throws IOException {
        List<ObjectNode> objects = render(dir);
        ObjectNode deployment = get(objects, "Deployment", APP);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = gatewayContainer(deployment);

        // Deployment selector selects its own pods.
        assertTrue(
                selects(deployment.path("spec").path("selector").path("matchLabels"), podLabels(deployment)),
                dir + ": Deployment selector vs template labels");

        // Every Service selects some Deployment's pods, and its targetPort is a port of that pod.
        for (ObjectNode svc : ofKind(objects, "Service")) {
            ObjectNode target = ofKind(objects, "Deployment").stream()
                    .filter(d -> selects(svc.path("spec").path("selector"), podLabels(d)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            dir + ": Service " + svc.path("metadata").path("name") + " selects no pods"));
            JsonNode c = target.path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0);
            for (JsonNode port : svc.path("spec").path("ports")) {
                containerPort(c, port.path("targetPort"));
            }
        }
        ObjectNode service = get(objects, "Service", APP);
        JsonNode sp = service.path("spec").path("ports").get(0);
        assertEquals(80, sp.path("port").asInt(), "Service port");
        assertEquals(8080, containerPort(container, sp.path("targetPort")), "Service targetPort");
        assertEquals("http", sp.path("name").asText());

        // envFrom: the ConfigMap is rendered; the Secret is rendered in dev only, elsewhere it is provided
        // out of band from base/secret.template.yaml (an apply must never overwrite the real one).
        Set<String> configMaps = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (JsonNode ef : container.path("envFrom")) {
            if (ef.has("configMapRef")) {
                configMaps.add(ef.path("configMapRef").path("name").asText());
            }
            if (ef.has("secretRef")) {
                secrets.add(ef.path("secretRef").path("name").asText());
                assertFalse(ef.path("secretRef").path("optional").asBoolean(false), "the Secret must not be optional");
            }
        }
        assertEquals(Set.of(configMap(objects).path("metadata").path("name").asText()), configMaps);
        assertEquals(Set.of(SECRET), secrets);
        assertEquals(
                dir.equals("overlays/dev"),
                find(objects, "Secret", SECRET).isPresent(),
                dir + ": the Secret is rendered in dev only");
        assertEquals(
                SECRET,
                MiniKustomize.id(MiniKustomize.readAll(DEPLOY.resolve("base/secret.template.yaml"))
                                .get(0))
                        .replace("Secret/", ""));

        // HPA and PDB target the gateway; a PDB never blocks every eviction.
        int minReplicas = deployment.path("spec").path("replicas").asInt(1);
        for (ObjectNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
            assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
            JsonNode ref = hpa.path("spec").path("scaleTargetRef");
            assertEquals("Deployment", ref.path("kind").asText());
            get(objects, "Deployment", ref.path("name").asText());
            int min = hpa.path("spec").path("minReplicas").asInt(1);
            assertTrue(min <= hpa.path("spec").path("maxReplicas").asInt(), dir + ": HPA min <= max");
            assertTrue(
                    hpa.path("spec").path("metrics").findValues("name").stream()
                            .anyMatch(n -> n.asText().equals("cpu")),
                    dir + ": HPA on CPU");
            minReplicas = min;
        }
        for (ObjectNode pdb : ofKind(objects, "PodDisruptionBudget")) {
            assertTrue(
                    selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels(deployment)),
                    dir + ": PDB selects the gateway");
            int minAvailable = pdb.path("spec").path("minAvailable").asInt();
            assertEquals(1, minAvailable);
            assertTrue(
                    minAvailable < minReplicas,
                    dir + ": PDB minAvailable " + minAvailable + " must be below the minimum replica count "
                            + minReplicas + " or node drains block");
        }

        // NetworkPolicy: selects the gateway, admits 8080, and 9000 (management) only from monitoring; lets DNS,
        // Redis and HTTPS out.
        ObjectNode np = get(objects, "NetworkPolicy", APP);
        assertTrue(
                selects(np.path("spec").path("podSelector").path("matchLabels"), podLabels(deployment)),
                dir + ": NetworkPolicy podSelector");
        Set<Integer> in = np.path("spec").path("ingress").findValues("port").stream()
                .map(JsonNode::asInt)
                .collect(Collectors.toSet());
        Set<Integer> out = np.path("spec").path("egress").findValues("port").stream()
                .map(JsonNode::asInt)
                .collect(Collectors.toSet());
        assertEquals(Set.of(8080, 9000), in);
        for (JsonNode rule : np.path("spec").path("ingress")) {
            boolean management = rule.findValues("port").stream().anyMatch(p -> p.asInt() == 9000);
            if (management) {
                assertEquals(
                        List.of("monitoring"),
                        rule.path("from").findValues("kubernetes.io/metadata.name").stream()
                                .map(JsonNode::asText)
                                .toList(),
                        dir + ": the management port is for monitoring only");
                assertEquals(1, rule.path("ports").size(), dir + ": no API port beside management");
            }
        }
        assertTrue(out.containsAll(Set.of(53, 6379, 443)), dir + ": egress " + out);
        for (ObjectNode other : ofKind(objects, "NetworkPolicy")) {
            assertTrue(
                    ofKind(objects, "Deployment").stream()
                            .anyMatch(d -> selects(
                                    other.path("spec").path("podSelector").path("matchLabels"), podLabels(d))),
                    dir + ": NetworkPolicy " + MiniKustomize.id(other) + " selects no pods");
        }

        // The management port: health, metrics and OpenAPI, never the API port's business.
        JsonNode mp = service.path("spec").path("ports").get(1);
        assertEquals("management", mp.path("name").asText());
        assertEquals(9000, containerPort(container, mp.path("targetPort")), "management targetPort");

        // ServiceMonitor (where present) selects the Service and scrapes /q/metrics on the management port.
        for (ObjectNode sm : ofKind(objects, "ServiceMonitor")) {
            assertTrue(
                    selects(
                            sm.path("spec").path("selector").path("matchLabels"),
                            service.path("metadata").path("labels")),
                    dir + ": ServiceMonitor selects the Service");
            JsonNode ep = sm.path("spec").path("endpoints").get(0);
            assertEquals("/q/metrics", ep.path("path").asText());
            assertEquals("management", ep.path("port").asText());
        }

        // Probes on the three health paths, on the management port.
        HEALTH.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), dir + ": " + probe);
            assertEquals(9000, containerPort(container, get.path("port")), dir + ": " + probe + " port");
        });

        // Graceful shutdown: preStop sleep + Quarkus shutdown timeout fit in the grace period.
        long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
        long preStop = container
                .path("lifecycle")
                .path("preStop")
                .path("sleep")
                .path("seconds")
                .asLong();
        assertTrue(grace >= 30 && preStop >= 3, dir + ": grace " + grace + ", preStop " + preStop);
        long shutdown = env(container).entrySet().stream()
                .filter(e -> e.getKey().equals("QUARKUS_SHUTDOWN_TIMEOUT"))
                .map(e -> duration(e.getValue()).toSeconds())
                .findFirst()
                .orElse(0L);
        assertTrue(
                preStop + shutdown < grace,
                dir + ": preStop " + preStop + " + shutdown " + shutdown + " must fit in " + grace);

        // Security: non-root, read-only root FS with a writable /tmp, no privilege escalation.
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), dir + ": runAsNonRoot");
        assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0, dir + ": runAsUser");
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            JsonNode spec = d.path("spec").path("template").path("spec");
            Set<String> volumes = new HashSet<>();
            spec.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
            for (JsonNode c : spec.path("containers")) {
                JsonNode sc = c.path("securityContext");
                assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), MiniKustomize.id(d) + ": read-only root");
                assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), MiniKustomize.id(d));
                for (JsonNode vm : c.path("volumeMounts")) {
                    assertTrue(volumes.contains(vm.path("name").asText()), MiniKustomize.id(d) + ": volume " + vm);
                }
                // requests <= limits
                for (String r : List.of("cpu", "memory")) {
                    double req = quantity(
                            c.path("resources").path("requests").path(r).asText());
                    double lim =
                            quantity(c.path("resources").path("limits").path(r).asText());
                    assertTrue(req > 0 && req <= lim, MiniKustomize.id(d) + ": " + r + " request <= limit");
                }
            }
        }
        assertTrue(
                container.path("volumeMounts").findValues("mountPath").stream()
                        .anyMatch(p -> p.asText().equals("/tmp")),
                dir + ": /tmp must be writable");
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> m = new LinkedHashMap<>();
        container
                .path("env")
                .forEach(e -> m.put(e.path("name").asText(), e.path("value").asText()));
        return m;
    }

    static double quantity(String q) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(m|Ki|Mi|Gi|k|M|G)?").matcher(q);
        if (!m.matches()) {
            throw new AssertionError("bad quantity " + q);
        }
        double v = Double.parseDouble(m.group(1));
        String u = m.group(2) == null ? "" : m.group(2);
        return switch (u) {
            case "m" -> v / 1000;
            case "Ki" -> v * 1024;
            case "Mi" -> v * 1024 * 1024;
            case "Gi" -> v * 1024 * 1024 * 1024;
            case "k" -> v * 1e3;
            case "M" -> v * 1e6;
            case "G" -> v * 1e9;
            default -> v;
        };
    }

    static Duration duration(String v) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        return Duration.parse(v);
    }

    // ---- configuration keys ------------------------------------------------------------------------

    /**
     * Problems with one environment variable meant as configuration: an unknown key, or a value the
     * application would refuse at boot. Empty when fine. Placeholders ({@code <...>}) skip the value check.
     */
    static List<String> checkEnv(String var, String value) {
        List<String> problems = new ArrayList<>();
        if (OTHER_ENV.contains(var)) {
            return problems;
        }
        if (var.startsWith("QUARKUS_")) {
            if (!quarkusEnv.contains(var)) {
                problems.add(var
                        + " is not a Quarkus key used by Verigate (application.properties / docs/configuration.md)");
            }
            return problems;
        }
        if (!var.startsWith("VERIGATE_")) {
            problems.add(var + " is neither a VERIGATE_ nor a QUARKUS_ configuration key");
            return problems;
        }
        List<AppConfigKeys.Key> matches =
                keys.stream().filter(k -> k.matchesEnv(var)).toList();
        if (matches.isEmpty()) {
            problems.add(var + " matches no verigate.* configuration key of the application");
            return problems;
        }
        if (value.startsWith("<") && value.endsWith(">")) {
            return problems;
        }
        // Valid if the value fits any key the variable may stand for.
        List<String> typeProblems = new ArrayList<>();
        for (AppConfigKeys.Key k : matches) {
            try {
                checkValue(k, value);
                return problems;
            } catch (RuntimeException e) {
                typeProblems.add(var + "=" + value + " is not a valid " + k.name() + " ("
                        + k.type().getTypeName() + "): " + e.getMessage());
            }
        }
        problems.addAll(typeProblems);
        return problems;
    }

    static void checkValue(AppConfigKeys.Key key, String value) {
        Type t = key.type();
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            for (String item : value.split(",")) {
                if (item.isBlank()) {
                    throw new IllegalArgumentException("empty list item");
                }
            }
            return;
        }
        if (t == Duration.class) {
            duration(value);
        } else if (t == int.class || t == Integer.class) {
            Integer.parseInt(value);
        } else if (t == long.class || t == Long.class) {
            Long.parseLong(value);
        } else if (t == double.class || t == Double.class) {
            Double.parseDouble(value);
        } else if (t == boolean.class || t == Boolean.class) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("not true/false");
            }
        } else if (t == URI.class) {
            URI u = URI.create(value);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
        } else if (t instanceof Class<?> c && c.isEnum()) {
            String constant = value.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            if (Stream.of(c.getEnumConstants()).map(Object::toString).noneMatch(constant::equals)) {
                throw new IllegalArgumentException("not one of " + List.of(c.getEnumConstants()));
            }
        } else if (t == String.class && key.name().contains(".limits.")) {
            Rate.parseAll(value);
        } else if (t.getTypeName().endsWith("MemorySize")) {
            if (!value.matches("\\d+[KkMmGgTt]?")) {
                throw new IllegalArgumentException("not a memory size");
            }
        }
    }

    /** Every environment variable a gateway pod gets from the manifests: ConfigMap, Secret, container env. */
    static Map<String, String> gatewayEnvironment(List<ObjectNode> objects) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(strings(configMap(objects).path("data")));
        ObjectNode secret = find(objects, "Secret", SECRET)
                .orElse(MiniKustomize.readAll(DEPLOY.resolve("base/secret.template.yaml"))
                        .get(0));
        env.putAll(strings(secret.path("stringData")));
        env.putAll(env(gatewayContainer(get(objects, "Deployment", APP))));
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/serverless"})
    void everyEnvironmentKeyIsARealConfigurationKeyWithAValidValue(String dir) throws IOException {
        Map<String, String> env = gatewayEnvironment(render(dir));
        List<String> problems = new ArrayList<>();
        env.forEach((k, v) -> problems.addAll(checkEnv(k, v)));
        assertEquals(List.of(), problems, dir);
        assertTrue(
                env.keySet()
                        .containsAll(Set.of(
                                "VERIGATE_STORE",
                                "QUARKUS_REDIS_HOSTS",
                                "VERIGATE_LIMITS_NUMBER_START",
                                "VERIGATE_LIMITS_NUMBER_COOLDOWN_INITIAL",
                                "VERIGATE_LIMITS_ON_STORE_FAILURE",
                                "VERIGATE_UPSTREAM_APPLICATION_KEY",
                                "VERIGATE_UPSTREAM_APPLICATION_SECRET",
                                "VERIGATE_API_PUBLIC_URL")),
                dir + ": " + env.keySet());
        // No credential in the ConfigMap: those belong to the Secret.
        strings(configMap(render(dir)).path("data"))
                .keySet()
                .forEach(k -> assertFalse(
                        k.endsWith("_SECRET") || k.endsWith("_KEY") || k.endsWith("_TOKEN"),
                        dir + ": " + k + " in the ConfigMap"));
    }

    @Test
    void theKeyCheckCatchesTyposAndBadValues() {
        assertEquals(List.of(), checkEnv("VERIGATE_LIMITS_NUMBER_START", "3/10m,10/24h"));
        assertEquals(List.of(), checkEnv("VERIGATE_APPS_SHOP_SECRET", "<placeholder>"));
        assertEquals(List.of(), checkEnv("VERIGATE_APPS_SHOP_LIMITS_START", "20/1s"));
        assertEquals(List.of(), checkEnv("VERIGATE_LIMITS_COUNTRY_OVERRIDES_SE", "10/1s"));
        assertEquals(List.of(), checkEnv("VERIGATE_STORE", "local"));
        for (String typo : List.of(
                "VERIGATE_LIMITS_NUMBR_START",
                "VERIGATE_LIMITS_NUMBER_STARTS",
                "VERIGATE_UPSTREAM_RETRY_MAX_RETRY",
                "VERIGATE_APPS_SHOP_SECRE",
                "VERIGATE_CALLBACK_PATH",
                "QUARKUS_REDIS_HOST",
                "VERIGAT_STORE")) {
            assertFalse(checkEnv(typo, "1").isEmpty(), typo + " must be rejected");
        }
        assertFalse(checkEnv("VERIGATE_LIMITS_NUMBER_START", "3 per 10m").isEmpty());
        assertFalse(
                checkEnv("VERIGATE_LIMITS_ON_STORE_FAILURE", "fail-sometimes").isEmpty());
        assertFalse(checkEnv("VERIGATE_UPSTREAM_TIMEOUT", "five seconds").isEmpty());
        assertFalse(checkEnv("VERIGATE_SANDBOX_ENABLED", "yes").isEmpty());
        assertFalse(checkEnv("VERIGATE_UPSTREAM_RETRY_MAX_RETRIES", "2.5").isEmpty());
    }

    @Test
    void configKeysAreDerivedFromTheMappings() {
        Set<String> names = keys.stream().map(AppConfigKeys.Key::name).collect(Collectors.toSet());
        assertTrue(
                names.containsAll(Set.of(
                        "verigate.store",
                        "verigate.limits.number.start",
                        "verigate.limits.number.cooldown.initial",
                        "verigate.limits.on-store-failure",
                        "verigate.upstream.circuit-breaker.failure-ratio",
                        "verigate.apps.*.key",
                        "verigate.apps.*.secret",
                        "verigate.apps.*.upstream.application-key",
                        "verigate.apps.*.limits.start",
                        "verigate.limits.country.overrides.*",
                        "verigate.callbacks.delivery.max-age",
                        "verigate.sandbox.enabled",
                        "verigate.auth.max-body-size",
                        "verigate.api.public-url")),
                names.toString());
    }

    // ---- secrets -----------------------------------------------------------------------------------

    @Test
    void theSecretTemplateHoldsPlaceholdersOnly() throws IOException {
        List<ObjectNode> docs = MiniKustomize.readAll(DEPLOY.resolve("base/secret.template.yaml"));
        assertEquals(1, docs.size());
        ObjectNode secret = docs.get(0);
        assertEquals("Secret", secret.path("kind").asText());
        assertFalse(secret.has("data"), "placeholders go to stringData, not base64 data");
        Map<String, String> values = strings(secret.path("stringData"));
        assertTrue(
                values.keySet()
                        .containsAll(Set.of(
                                "VERIGATE_UPSTREAM_APPLICATION_KEY",
                                "VERIGATE_UPSTREAM_APPLICATION_SECRET",
                                "VERIGATE_CALLBACKS_ADMIN_TOKEN")),
                values.keySet().toString());
        assertTrue(values.keySet().stream().anyMatch(k -> k.matches("VERIGATE_APPS_[A-Z0-9]+_KEY")), "an app example");
        values.forEach(
                (k, v) -> assertTrue(v.matches("<[a-z0-9:/._-]+>"), k + " must be a <placeholder>, not '" + v + "'"));
        String text = Files.readString(DEPLOY.resolve("base/secret.template.yaml"));
        assertTrue(text.contains("TEMPLATE") && text.contains("NOT APPLIED"), "marked as a template");
        // ...and it is not part of any rendering (an apply must not overwrite the real Secret).
        for (String dir : KUSTOMIZATIONS) {
            for (ObjectNode o : render(dir)) {
                if (o.path("kind").asText().equals("Secret")) {
                    assertEquals("overlays/dev", dir, "only dev renders a Secret");
                    assertFalse(
                            strings(o.path("stringData")).values().stream().anyMatch(v -> v.startsWith("<")),
                            "dev Secret holds usable dev values");
                }
            }
        }
    }

    @Test
    void theDevSecretHoldsOnlyThePublicDevProfileValues() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        Map<String, String> devEnv = new LinkedHashMap<>();
        props.stringPropertyNames().stream()
                .filter(k -> k.startsWith("%dev.verigate."))
                .forEach(k -> devEnv.put(AppConfigKeys.envName(k.substring("%dev.".length())), props.getProperty(k)));
        ObjectNode secret = get(render("overlays/dev"), "Secret", SECRET);
        strings(secret.path("stringData"))
                .forEach((k, v) -> assertEquals(
                        devEnv.get(k),
                        v,
                        k + " in the dev Secret must be the public %dev value of application.properties"));
        assertFalse(secret.has("data"));
    }

    // ---- overlays ----------------------------------------------------------------------------------

    @Test
    void baseNeedsNoCustomResources() throws IOException {
        Set<String> core = Set.of("v1", "apps/v1", "autoscaling/v2", "policy/v1", "networking.k8s.io/v1");
        for (ObjectNode o : render("base")) {
            assertTrue(core.contains(o.path("apiVersion").asText()), MiniKustomize.id(o) + " is not a built-in API");
        }
        Set<String> kinds =
                render("base").stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "NetworkPolicy"),
                kinds);
        ObjectNode d = get(render("base"), "Deployment", APP);
        assertEquals(2, d.path("spec").path("replicas").asInt());
        assertEquals("verigate:latest", gatewayContainer(d).path("image").asText());
        String jvm = env(gatewayContainer(d)).get("JAVA_TOOL_OPTIONS");
        assertTrue(jvm.contains("-XX:MaxRAMPercentage="));
        // The collector that won the bench A/B; without it a one-CPU pod gets SerialGC.
        assertTrue(jvm.contains("-XX:+UseParallelGC"), jvm);
    }

    @Test
    void devRunsOneReplicaWithItsOwnRedisAndTheSandbox() throws IOException {
        List<ObjectNode> dev = render("overlays/dev");
        assertEquals(
                1, get(dev, "Deployment", APP).path("spec").path("replicas").asInt());
        assertTrue(ofKind(dev, "HorizontalPodAutoscaler").isEmpty()
                && ofKind(dev, "PodDisruptionBudget").isEmpty());
        ObjectNode redis = get(dev, "Deployment", "verigate-redis");
        assertEquals(1, redis.path("spec").path("replicas").asInt());
        // Set up as docs/operations.md recommends: append-only, synced every second, on a volume outliving the pod.
        String args = redis.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("args")
                .toString();
        assertTrue(args.contains("\"--appendonly\",\"yes\"") && args.contains("\"--appendfsync\",\"everysec\""), args);
        String claim = redis.path("spec")
                .path("template")
                .path("spec")
                .path("volumes")
                .get(0)
                .path("persistentVolumeClaim")
                .path("claimName")
                .asText();
        get(dev, "PersistentVolumeClaim", claim);
        ObjectNode redisSvc = get(dev, "Service", "verigate-redis");
        Map<String, String> cm = strings(configMap(dev).path("data"));
        assertEquals("redis", cm.get("VERIGATE_STORE"));
        URI hosts = URI.create(cm.get("QUARKUS_REDIS_HOSTS"));
        assertEquals("verigate-redis", hosts.getHost());
        assertEquals(redisSvc.path("spec").path("ports").get(0).path("port").asInt(), hosts.getPort());
        assertEquals("true", cm.get("VERIGATE_SANDBOX_ENABLED"));
        assertEquals("http://localhost:8080/sandbox", cm.get("VERIGATE_UPSTREAM_URL"));
    }

    @Test
    void prodRunsTheJvmImageWithThreeReplicasAServiceMonitorAndFailOpen() throws IOException {
        List<ObjectNode> prod = render("overlays/prod");
        ObjectNode d = get(prod, "Deployment", APP);
        assertEquals(3, d.path("spec").path("replicas").asInt());
        assertEquals(
                3,
                get(prod, "HorizontalPodAutoscaler", APP)
                        .path("spec")
                        .path("minReplicas")
                        .asInt());
        assertTrue(gatewayContainer(d).path("image").asText().endsWith("-jvm"));
        get(prod, "ServiceMonitor", APP);
        Map<String, String> cm = strings(configMap(prod).path("data"));
        assertEquals("fail-open", cm.get("VERIGATE_LIMITS_ON_STORE_FAILURE"));
        assertEquals("false", cm.get("VERIGATE_SANDBOX_ENABLED"));
        assertEquals("https", URI.create(cm.get("VERIGATE_UPSTREAM_URL")).getScheme());
    }

    @Test
    void serverlessRunsTheNativeImageInSmallPods() throws IOException {
        List<ObjectNode> sl = render("overlays/serverless");
        JsonNode c = gatewayContainer(get(sl, "Deployment", APP));
        assertTrue(c.path("image").asText().endsWith("-native"));
        assertFalse(env(c).containsKey("JAVA_TOOL_OPTIONS"), "no JVM options for a native executable");
        JsonNode base = gatewayContainer(get(render("base"), "Deployment", APP));
        assertTrue(quantity(c.path("resources").path("limits").path("memory").asText())
                < quantity(base.path("resources").path("limits").path("memory").asText()));
        assertTrue(quantity(c.path("resources").path("limits").path("memory").asText()) <= quantity("256Mi"));
        // As measured (bench/results/ab-2026-12-07T0548Z-native-vs-jvm.md): a 128 MB heap with at most 20000
        // cached bucket keys held ≈ 110 MB RSS at 1,000 starts/s; 100000 keys in that heap thrashed.
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        assertTrue(args.contains("-Xmx128m"), "the measured heap: " + args);
        Map<String, String> cm = strings(configMap(sl).path("data"));
        assertTrue(Integer.parseInt(cm.get("VERIGATE_LIMITS_MAX_CACHED_KEYS")) <= 20_000, "the measured key cache");
        assertEquals("0", cm.get("VERIGATE_WARM_UP_REHEARSALS"), "nothing to warm natively");
        assertTrue(
                quantity(c.path("resources").path("requests").path("memory").asText()) >= quantity("128Mi"),
                "the request covers the measured RSS");
        assertTrue(
                quantity(c.path("resources").path("limits").path("memory").asText()) >= 2 * quantity("128Mi"),
                "heap + native memory + headroom");
    }

    // ---- configuration changes roll the pods ----------------------------------------------------------

    /**
     * The ConfigMap's name carries a hash of its content and the Deployment refers to that name, so applying a
     * changed value changes the pod template and Kubernetes rolls the pods: the value takes effect, no manual
     * restart. Shown on a copy of deploy/ with one limit changed.
     */
    @Test
    void aChangedValueRenamesTheConfigMapAndSoRollsThePods() throws IOException {
        Path copy = Files.createTempDirectory("deploy");
        try {
            copyTree(DEPLOY, copy);
            Path env = copy.resolve("base/config.env");
            String before = configMap(MiniKustomize.render(copy.resolve("overlays/prod")))
                    .path("metadata")
                    .path("name")
                    .asText();
            Files.writeString(
                    env,
                    Files.readString(env)
                            .replace(
                                    "VERIGATE_LIMITS_NUMBER_START=3/10m,10/24h",
                                    "VERIGATE_LIMITS_NUMBER_START=2/10m,10/24h"));
            List<ObjectNode> after = MiniKustomize.render(copy.resolve("overlays/prod"));
            String renamed = configMap(after).path("metadata").path("name").asText();
            assertNotEquals(before, renamed, "a new value, a new name");
            JsonNode container = get(after, "Deployment", APP)
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0);
            assertEquals(
                    renamed,
                    container
                            .path("envFrom")
                            .get(0)
                            .path("configMapRef")
                            .path("name")
                            .asText(),
                    "the pods refer to the new ConfigMap");
            assertEquals(
                    "2/10m,10/24h",
                    configMap(after)
                            .path("data")
                            .path("VERIGATE_LIMITS_NUMBER_START")
                            .asText());
        } finally {
            try (Stream<Path> walk = Files.walk(copy)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A replica that never counted its peers (it started while Redis was down) divides the limits by
     * VERIGATE_LIMITS_ASSUMED_REPLICAS: the most replicas an overlay can run, so fail-open errs on the tight side.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/serverless"})
    void theAssumedReplicaCountIsTheMostThereCanBe(String dir) throws IOException {
        List<ObjectNode> objects = render(dir);
        int most = find(objects, "HorizontalPodAutoscaler", APP)
                .map(h -> h.path("spec").path("maxReplicas").asInt())
                .orElse(get(objects, "Deployment", APP)
                        .path("spec")
                        .path("replicas")
                        .asInt(1));
        assertEquals(
                String.valueOf(most),
                configMap(objects)
                        .path("data")
                        .path("VERIGATE_LIMITS_ASSUMED_REPLICAS")
                        .asText(),
                dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    // ---- cross-check with kubectl ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/serverless"})
    void miniKustomizeRendersLikeKubectl(String dir) throws Exception {
        Optional<Path> kubectl = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl not installed: Java rendering only");
        Process p = new ProcessBuilder(
                        kubectl.get().toString(),
                        "kustomize",
                        DEPLOY.resolve(dir).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir);
        Path tmp = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.write(tmp, out);
            Map<String, ObjectNode> expected = new LinkedHashMap<>();
            MiniKustomize.readAll(tmp).forEach(o -> expected.put(MiniKustomize.id(o), o));
            Map<String, ObjectNode> actual = new LinkedHashMap<>();
            render(dir).forEach(o -> actual.put(MiniKustomize.id(o), o));
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()), dir);
            expected.forEach((id, o) -> assertEquals(o, actual.get(id), dir + ": " + id));
        } finally {
            Files.delete(tmp);
        }
    }

    // ---- dashboard and images ----------------------------------------------------------------------

    @Test
    void theDashboardQueriesMetricsTheApplicationExports() throws IOException {
        JsonNode dash = new ObjectMapper()
                .readTree(DEPLOY.resolve("grafana/verigate-dashboard.json").toFile());
        JsonNode ds = null;
        for (JsonNode v : dash.path("templating").path("list")) {
            if (v.path("type").asText().equals("datasource")) {
                ds = v;
            }
        }
        assertNotNull(ds, "a datasource variable");
        assertEquals("prometheus", ds.path("query").asText());
        String dsRef = "${" + ds.path("name").asText() + "}";

        // Meter names registered in the sources, in Prometheus form.
        Set<String> meters = new HashSet<>();
        Matcher m = Pattern.compile("\"(verigate\\.[a-z.]+)\"").matcher(sources());
        while (m.find()) {
            meters.add(m.group(1).replace('.', '_'));
        }
        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dash.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "unique panel ids");
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals(
                    dsRef,
                    panel.path("datasource").path("uid").asText(),
                    panel.path("title").asText());
            for (JsonNode t : panel.path("targets")) {
                assertEquals(dsRef, t.path("datasource").path("uid").asText());
                exprs.add(t.path("expr").asText());
            }
        }
        String all = String.join("\n", exprs);
        Matcher used = Pattern.compile("\\bverigate_[a-z_]+").matcher(all);
        while (used.find()) {
            String name = used.group().replaceAll("_total$", "");
            assertTrue(meters.contains(name), used.group() + " is not a meter of the application");
        }
        for (String needed : List.of(
                "http_server_requests_seconds_count",
                "verigate_requests_total",
                "verigate_limits_decisions_total",
                "verigate_limits_store_fallbacks_total",
                "verigate_redis_round_trips_total",
                "http_client_requests_seconds",
                "ft_circuitbreaker_state_current",
                "ft_retry_retries_total",
                "verigate_callbacks_events_total",
                "verigate_callbacks_deliveries_total",
                "verigate_callbacks_outbox_depth",
                "verigate_callbacks_outbox_oldest_age_ms",
                "verigate_callbacks_dead_letters",
                "verigate_guard_prefixes",
                "verigate_guard_engaged_total",
                "verigate_guard_checks_total",
                "verigate_guard_verified_total",
                "verigate_budget_spent")) {
            assertTrue(all.contains(needed), "dashboard lacks " + needed);
        }
        // Balanced parentheses and braces in every query (a cheap PromQL sanity check).
        for (String e : exprs) {
            assertEquals(
                    e.chars().filter(c -> c == '(').count(),
                    e.chars().filter(c -> c == ')').count(),
                    e);
            assertEquals(
                    e.chars().filter(c -> c == '{').count(),
                    e.chars().filter(c -> c == '}').count(),
                    e);
        }
    }

    static String sources() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT.resolve("src/main/java"))) {
            StringBuilder sb = new StringBuilder();
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8));
            }
            return sb.toString();
        }
    }

    @Test
    void theImagesRunNonRootOnPorts8080And9000WithTheAotCache() throws IOException {
        String jvm = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
        assertTrue(jvm.contains("-XX:AOTCache=app.aot"), "JVM image uses the AOT cache");
        assertTrue(
                jvm.contains("-Dquarkus.package.jar.aot.type=aot")
                        && jvm.contains("-Dquarkus.package.jar.aot.phase=build"),
                "documents the exact build");
        assertTrue(jvm.contains("COPY --chown=185:185 target/quarkus-app/app.aot"));
        assertTrue(jvm.contains("USER 185") && jvm.contains("EXPOSE 8080 9000"), "the API and the management port");
        String nat = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.native"));
        assertTrue(nat.contains("target/*-runner") && nat.contains("USER 1001") && nat.contains("EXPOSE 8080 9000"));

        // The cache only opens on the exact JDK build it was made with: the image's JDK tag must be the
        // build machine's Temurin (checked where that JDK is installed).
        Path release = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/release");
        Assumptions.assumeTrue(Files.isRegularFile(release), "no Temurin 25 here");
        Matcher v = Pattern.compile("JAVA_RUNTIME_VERSION=\"([^\"]+)\"").matcher(Files.readString(release));
        assertTrue(v.find());
        String tag = v.group(1).replace("-LTS", "").replace('+', '_'); // 25.0.3+9-LTS -> 25.0.3_9
        assertTrue(jvm.contains("FROM eclipse-temurin:" + tag + "-jdk"), "the runtime image must be Temurin " + tag);
    }
}
