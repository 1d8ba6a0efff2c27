package dev.verigate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A Redis outage for a {@code @QuarkusTest} whose profile is {@link RedisTestResource.BehindFaultProxy}: the
 * gateway's only way to Redis closes (connections cut, new ones closed at once) and opens again. It works whatever Redis
 * the tests were given (the environment's, a container, a {@code redis-server} started here), so no outage test
 * ever needs to skip.
 */
public final class RedisOutage {

    private RedisOutage() {}

    /** Redis is gone for the gateway: every connection cut, every new one closed at once. */
    public static void begin() {
        RedisTestResource.proxy().refuse();
    }

    /** Redis is reachable again, with what it held. */
    public static void end() {
        RedisTestResource.proxy().reopen();
    }

    /** Redis is reachable again, empty: what a restart without persistence (or a failover to an empty replica) is. */
    public static void endForgetting() {
        flushAll();
        end();
    }

    /** FLUSHALL on the real server, past the proxy (which may be closed). */
    private static void flushAll() {
        TestRedis redis = TestRedis.shared();
        URI url = URI.create(redis.url());
        try (Socket socket = new Socket(redis.host(), redis.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String userInfo = url.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                String[] parts = userInfo.split(":", 2);
                command(
                        out,
                        in,
                        parts.length == 2 && !parts[0].isEmpty()
                                ? new String[] {"AUTH", parts[0], parts[1]}
                                : new String[] {"AUTH", parts[parts.length - 1]});
            }
            command(out, in, "FLUSHALL");
        } catch (IOException e) {
            throw new IllegalStateException("could not empty Redis", e);
        }
    }

    private static void command(OutputStream out, InputStream in, String... args) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            resp.append('$')
                    .append(a.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(a)
                    .append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int first = in.read();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        if (first != '+') {
            throw new IOException(args[0] + " answered " + (char) first + line);
        }
    }
}
