package dev.verigate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client that authenticates exactly like the official Sinch Java SDK (ApplicationAuthManager): it
 * signs {@code new URI(rawPathAndQuery).getPath()} (percent-decoded, no query, with the base URL's
 * path prefix), the Content-Type it sends ({@code application/json}, none on GET) and
 * {@code Instant.now().toString()} as x-timestamp. Basic and unauthenticated modes exist for tests.
 */
public final class SinchTestClient {

    public enum Auth {
        SIGNED,
        BASIC,
        NONE
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        private static final ObjectMapper JSON = new ObjectMapper();

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String baseUrl;
    private final String key;
    private final String secret;
    private final Auth auth;

    public SinchTestClient(String baseUrl, String key, String secret) {
        this(baseUrl, key, secret, Auth.SIGNED);
    }

    private SinchTestClient(String baseUrl, String key, String secret, Auth auth) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.secret = secret;
        this.auth = auth;
    }

    public SinchTestClient with(Auth mode) {
        return new SinchTestClient(baseUrl, key, secret, mode);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Reply post(String path, String json, Map<String, String> headers) {
        return send("POST", path, json, headers);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json, Map.of());
    }

    public Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Reply send(String method, String path, String json, Map<String, String> extraHeaders) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        return raw(method, baseUrl + path, headers(method, path, json, extraHeaders), body);
    }

    /** The headers {@link #send} sends, signed (or not) as this client's auth mode says. */
    public Map<String, String> headers(String method, String path, String json, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(extraHeaders);
        String url = baseUrl + path;
        switch (auth) {
            case SIGNED -> {
                String ts = Instant.now().toString();
                headers.put("x-timestamp", ts);
                headers.put(
                        "Authorization",
                        TestSigner.authorization(
                                key, secret, method, sdkResource(url), headers.get("Content-Type"), body, ts));
            }
            case BASIC ->
                headers.put(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)));
            case NONE -> {}
        }
        return headers;
    }

    /** Sends exactly the given headers and body bytes (for auth and hostile-input tests). */
    public static Reply raw(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null || body.length == 0 && !"POST".equals(method) && !"PUT".equals(method)
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
            return new Reply(r.statusCode(), h, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the Java SDK signs: the decoded path of the full URL, without the query. */
    static String sdkResource(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
