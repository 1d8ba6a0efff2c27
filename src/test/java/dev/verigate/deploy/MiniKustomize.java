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
 * {@code $patch: delete} for whole objects and for list items) and {@code images}. Anything else in a
 * kustomization file is an error, so the subset cannot silently drift from what the files use.
 * When kubectl is installed, {@link DeployManifestsTest} also compares this rendering with
 * {@code kubectl kustomize}.
 */
final class MiniKustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "components",
            "patches", "images");
    private static final Set<String> PATCH_FIELDS = Set.of("path", "patch");

    /** Strategic-merge keys of the Kubernetes list fields the patches may touch (from the API's patchMergeKey tags). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name");

    private MiniKustomize() {
    }

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
        return new ArrayList<>(out.values());
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
        for (JsonNode c : k.path("components")) {
            build(dir.resolve(c.asText()).normalize(), "Component", out);
        }
        for (JsonNode p : k.path("patches")) {
            p.fieldNames().forEachRemaining(f -> {
                if (!PATCH_FIELDS.contains(f)) {
                    throw new IllegalArgumentException(file + ": patch field '" + f + "' is not supported");
                }
            });
            List<ObjectNode> patchDocs = p.has("path") ? readAll(dir.resolve(p.get("path").asText()))
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
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
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
                    String tag = image.has("newTag") ? ":" + image.get("newTag").asText()
                            : current.substring(bare.length());
                    ((ObjectNode) c).put("image", newName + tag);
                }
            }
        }
    }
}
