package dev.verigate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small subset of kustomize that {@code deploy/} uses, so the manifests can be rendered and checked
 * without a {@code kubectl}: {@code resources} (files and directories), {@code components},
 * {@code patches} (strategic-merge patches found by the patch's own kind and name, with
 * {@code $patch: delete} for whole objects and for list items), {@code images} and {@code configMapGenerator}
 * ({@code envs} files and {@code options.labels}; the generated name gets kustomize's content-hash suffix, and
 * references to it are renamed). Anything else in a kustomization file is an error, so the subset cannot
 * silently drift from what the files use.
 * When kubectl is installed, {@link DeployManifestsTest} also compares this rendering with
 * {@code kubectl kustomize}.
 */
final class MiniKustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "resources", "components", "patches", "images", "configMapGenerator");
    private static final Set<String> GENERATOR_FIELDS = Set.of("name", "envs", "options");
    /** Marks a generated ConfigMap until the rendering ends and its name gets the hash suffix. */
    private static final String GENERATED = "mini-kustomize.generated";

    private static final Set<String> PATCH_FIELDS = Set.of("path", "patch");

    /** Strategic-merge keys of the Kubernetes list fields the patches may touch (from the API's patchMergeKey tags). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers",
            "name",
            "initContainers",
            "name",
            "env",
            "name",
            "volumes",
            "name",
            "volumeMounts",
            "mountPath",
            "imagePullSecrets",
            "name");

    private MiniKustomize() {}

    /** Every document of a YAML file (empty documents skipped). */
    static List<ObjectNode> readAll(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
                docs.add((ObjectNode) doc);
            }
        }
        return docs;
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** Renders the kustomization in {@code dir}, like {@code kubectl kustomize dir}. */
    static List<ObjectNode> render(Path dir) throws IOException {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        build(dir, "Kustomization", out);
        List<ObjectNode> objects = new ArrayList<>(out.values());
        for (ObjectNode o : objects) {
            ObjectNode meta = (ObjectNode) o.path("metadata");
            if (meta.path("annotations").has(GENERATED)) {
                ((ObjectNode) meta.get("annotations")).remove(GENERATED);
                if (meta.get("annotations").isEmpty()) {
                    meta.remove("annotations");
                }
                String name = meta.path("name").asText();
                String hashed = name + "-" + configMapHash(o);
                meta.put("name", hashed);
                objects.forEach(user -> renameConfigMapReferences(user, name, hashed));
            }
        }
        return objects;
    }

    /**
     * kustomize's name suffix for a ConfigMap: SHA-256 of Go's JSON encoding of {data, kind, name: ""} (keys
     * sorted, no spaces, {@code <>&} escaped), its first ten hex digits with 0, 1, 3, a, e written g, h, k, m, t.
     */
    static String configMapHash(ObjectNode configMap) {
        StringBuilder json = new StringBuilder("{\"data\":{");
        java.util.TreeMap<String, String> data = new java.util.TreeMap<>();
        configMap
                .path("data")
                .fields()
                .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        boolean first = true;
        for (Map.Entry<String, String> e : data.entrySet()) {
            json.append(first ? "" : ",")
                    .append(goString(e.getKey()))
                    .append(':')
                    .append(goString(e.getValue()));
            first = false;
        }
        json.append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String hex = java.util.HexFormat.of().formatHex(digest).substring(0, 10);
            return hex.replace('0', 'g')
                    .replace('1', 'h')
                    .replace('3', 'k')
                    .replace('a', 'm')
                    .replace('e', 't');
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string as Go's encoding/json writes it (HTML-safe). */
    private static String goString(String s) {
        try {
            return new ObjectMapper()
                    .writeValueAsString(s)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points a pod template's ConfigMap references (envFrom, env, volumes) at the renamed ConfigMap. */
    private static void renameConfigMapReferences(ObjectNode o, String from, String to) {
        JsonNode pod = o.path("spec").path("template").path("spec");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : pod.path(list)) {
                for (JsonNode ef : c.path("envFrom")) {
                    rename(ef.path("configMapRef"), from, to);
                }
                for (JsonNode env : c.path("env")) {
                    rename(env.path("valueFrom").path("configMapKeyRef"), from, to);
                }
            }
        }
        for (JsonNode v : pod.path("volumes")) {
            rename(v.path("configMap"), from, to);
        }
    }

    private static void rename(JsonNode ref, String from, String to) {
        if (ref.isObject() && from.equals(ref.path("name").asText())) {
            ((ObjectNode) ref).put("name", to);
        }
    }

    /** A ConfigMap from a configMapGenerator entry: its env files' KEY=VALUE lines, its labels. */
    private static ObjectNode generate(Path dir, JsonNode generator, Path file) throws IOException {
        generator.fieldNames().forEachRemaining(f -> {
            if (!GENERATOR_FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": configMapGenerator field '" + f + "' is not supported");
            }
        });
        ObjectNode cm = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", generator.path("name").asText());
        meta.putObject("annotations").put(GENERATED, "true");
        if (generator.path("options").has("labels")) {
            meta.set("labels", generator.path("options").path("labels").deepCopy());
        }
        ObjectNode data = cm.putObject("data");
        for (JsonNode env : generator.path("envs")) {
            for (String line : Files.readAllLines(dir.resolve(env.asText()))) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(env.asText() + ": not KEY=VALUE: " + l);
                }
                data.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return cm;
    }

    private static void build(Path dir, String expectedKind, Map<String, ObjectNode> out) throws IOException {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        List<ObjectNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " must hold one document");
        }
        ObjectNode k = docs.get(0);
        k.fieldNames().forEachRemaining(f -> {
            if (!KUSTOMIZATION_FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": field '" + f + "' is not supported by MiniKustomize");
            }
        });
        if (!expectedKind.equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": kind must be " + expectedKind);
        }
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                Map<String, ObjectNode> sub = new LinkedHashMap<>();
                build(p, "Kustomization", sub);
                for (ObjectNode o : sub.values()) {
                    add(out, o, p.toString());
                }
            } else {
                for (ObjectNode o : readAll(p)) {
                    add(out, o, p.toString());
                }
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            add(out, generate(dir, g, file), file.toString());
        }
        for (JsonNode c : k.path("components")) {
            build(dir.resolve(c.asText()).normalize(), "Component", out);
        }
        for (JsonNode p : k.path("patches")) {
            p.fieldNames().forEachRemaining(f -> {
                if (!PATCH_FIELDS.contains(f)) {
                    throw new IllegalArgumentException(file + ": patch field '" + f + "' is not supported");
                }
            });
            List<ObjectNode> patchDocs = p.has("path")
                    ? readAll(dir.resolve(p.get("path").asText()))
                    : List.of((ObjectNode) YAML.readTree(p.get("patch").asText()));
            for (ObjectNode patch : patchDocs) {
                applyPatch(out, patch, file + " " + p);
            }
        }
        for (JsonNode image : k.path("images")) {
            setImage(out.values(), image);
        }
    }

    private static void add(Map<String, ObjectNode> out, ObjectNode o, String from) {
        String id = id(o);
        if (out.putIfAbsent(id, o) != null) {
            throw new IllegalArgumentException("duplicate resource " + id + " (from " + from + ")");
        }
    }

    private static void applyPatch(Map<String, ObjectNode> out, ObjectNode patch, String where) {
        String id = id(patch);
        ObjectNode target = out.get(id);
        if (target == null) {
            throw new IllegalArgumentException(where + ": no resource " + id + " to patch");
        }
        if ("delete".equals(patch.path("$patch").asText())) {
            out.remove(id);
            return;
        }
        merge(target, patch);
    }

    /** Strategic merge: maps merge, null removes, keyed lists merge by key, other lists are replaced. */
    static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode pv = e.getValue();
            JsonNode tv = target.get(field);
            if (field.startsWith("$")) {
                continue;
            }
            if (pv.isNull()) {
                target.remove(field);
            } else if (pv.isObject() && tv != null && tv.isObject()) {
                merge((ObjectNode) tv, (ObjectNode) pv);
            } else if (pv.isArray() && tv != null && tv.isArray() && MERGE_KEYS.containsKey(field)) {
                mergeList((ArrayNode) tv, (ArrayNode) pv, MERGE_KEYS.get(field));
            } else {
                target.set(field, stripDirectives(pv.deepCopy()));
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode item : patch) {
            JsonNode k = item.get(key);
            if (k == null) {
                throw new IllegalArgumentException("list item without merge key '" + key + "': " + item);
            }
            int at = -1;
            for (int i = 0; i < target.size(); i++) {
                if (k.equals(target.get(i).get(key))) {
                    at = i;
                }
            }
            boolean delete = "delete".equals(item.path("$patch").asText());
            if (delete) {
                if (at < 0) {
                    throw new IllegalArgumentException("nothing to delete for " + key + "=" + k);
                }
                target.remove(at);
            } else if (at >= 0) {
                merge((ObjectNode) target.get(at), (ObjectNode) item);
            } else {
                target.add(stripDirectives(item.deepCopy()));
            }
        }
    }

    private static JsonNode stripDirectives(JsonNode n) {
        if (n.isObject()) {
            List<String> directives = new ArrayList<>();
            n.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("$")) {
                    directives.add(f);
                }
            });
            ((ObjectNode) n).remove(directives);
            n.forEach(MiniKustomize::stripDirectives);
        } else if (n.isArray()) {
            n.forEach(MiniKustomize::stripDirectives);
        }
        return n;
    }

    private static void setImage(Iterable<ObjectNode> objects, JsonNode image) {
        String name = image.path("name").asText();
        for (ObjectNode o : objects) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : o.path("spec").path("template").path("spec").path(list)) {
                    String current = c.path("image").asText();
                    String bare = current.replaceAll("@.*$", "").replaceAll(":[^:/]*$", "");
                    if (!bare.equals(name)) {
                        continue;
                    }
                    String newName = image.path("newName").asText(bare);
                    String tag =
                            image.has("newTag") ? ":" + image.get("newTag").asText() : current.substring(bare.length());
                    ((ObjectNode) c).put("image", newName + tag);
                }
            }
        }
    }
}
