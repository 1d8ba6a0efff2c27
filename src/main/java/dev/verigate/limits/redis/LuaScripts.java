package dev.verigate.limits.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The Lua scripts of the limits, kept as resources under {@code lua/} and read once. Their comment lines are left
 * out of what is sent: every EVAL carries the whole script.
 */
final class LuaScripts {

    private LuaScripts() {}

    /** The script {@code lua/<name>.lua}, without its comment lines, as the bytes EVAL sends. */
    static byte[] load(String name) {
        String resource = "lua/" + name + ".lua";
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return script.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
