package dev.verigate.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every {@code verigate.*} configuration key the application reads, derived from its
 * {@code @ConfigMapping} interfaces (found in {@code src/main/java}), with the leaf type of each key.
 * Map keys (app ids, ISO codes) are {@code *}. Names follow SmallRye's default kebab-case, honouring
 * {@code @WithName} and {@code @WithParentName}.
 */
final class AppConfigKeys {

    /** One key: its dotted name ({@code verigate.apps.*.key}), its Java type, and its environment-variable form. */
    record Key(String name, Type type, Pattern env) {
        boolean matchesEnv(String var) {
            return env.matcher(var).matches();
        }
    }

    private AppConfigKeys() {}

    static List<Key> load(Path sources) throws IOException {
        List<Key> keys = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            if (!Files.readString(f, StandardCharsets.UTF_8).contains("@ConfigMapping(")) {
                continue;
            }
            String cls = sources.relativize(f)
                    .toString()
                    .replace(".java", "")
                    .replace('/', '.')
                    .replace('\\', '.');
            Class<?> c;
            try {
                c = Class.forName(cls, false, AppConfigKeys.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + cls, e);
            }
            ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                walk(mapping.prefix(), c, keys);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no @ConfigMapping found under " + sources);
        }
        return keys;
    }

    private static void walk(String prefix, Class<?> group, List<Key> keys) {
        for (Method m : group.getMethods()) {
            if (m.isDefault()
                    || Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() > 0
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class)
                    ? prefix
                    : prefix + "."
                            + (m.isAnnotationPresent(WithName.class)
                                    ? m.getAnnotation(WithName.class).value()
                                    : kebab(m.getName()));
            Type t = unwrap(m.getGenericReturnType(), Optional.class);
            if (t instanceof ParameterizedType p && p.getRawType() == Map.class) {
                Type value = p.getActualTypeArguments()[1];
                if (isGroup(value)) {
                    walk(name + ".*", (Class<?>) value, keys);
                } else {
                    keys.add(key(name + ".*", value));
                }
            } else if (isGroup(t)) {
                walk(name, (Class<?>) t, keys);
            } else {
                keys.add(key(name, t));
            }
        }
    }

    private static Type unwrap(Type t, Class<?> wrapper) {
        if (t instanceof ParameterizedType p && p.getRawType() == wrapper) {
            return p.getActualTypeArguments()[0];
        }
        return t;
    }

    private static boolean isGroup(Type t) {
        return t instanceof Class<?> c && c.isInterface() && c.getName().startsWith("dev.verigate.");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** How SmallRye reads a key from the environment: upper case, every non-alphanumeric as {@code _}. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Key key(String name, Type type) {
        StringBuilder re = new StringBuilder();
        String[] segments = name.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                re.append('_');
            }
            // A map key (app id, ISO code) is one segment in the environment form.
            re.append(segments[i].equals("*") ? "[A-Z0-9]+" : Pattern.quote(envName(segments[i])));
        }
        return new Key(name, type, Pattern.compile(re.toString()));
    }
}
