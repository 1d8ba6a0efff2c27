package dev.verigate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the request line, every header line
 * and the body are sent exactly as given, so the suite can send what {@code java.net.http} refuses
 * (duplicated or injected header lines, raw bytes in the path, a body whose Content-Length lies).
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {}

    /** One request: {@code target} is sent verbatim (it may hold raw UTF-8 or percent escapes). */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

        static Request of(String method, String target, byte[] body, String... headerPairs) {
            List<Map.Entry<String, String>> h = new ArrayList<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                h.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
            }
            return new Request(method, target, h, body == null ? new byte[0] : body);
        }

        Request withHeader(String name, String value) {
            List<Map.Entry<String, String>> h = new ArrayList<>(headers);
            h.add(Map.entry(name, value));
            return new Request(method, target, h, body);
        }

        Request withoutHeader(String name) {
            return new Request(
                    method,
                    target,
                    headers.stream()
                            .filter(e -> !e.getKey().equalsIgnoreCase(name))
                            .toList(),
                    body);
        }

        /**
         * Whether the request target has only characters RFC 3986 allows in a path and query, and every
         * '%' starts a two-hex-digit escape.
         */
        boolean legalTarget() {
            return target.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0)
                    && target.replaceAll("%[0-9A-Fa-f]{2}", "").indexOf('%') < 0;
        }

        /** The first value of a header, or null. */
        String header(String name) {
            return headers.stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        byte[] bytes(int port) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, method + " " + target + " HTTP/1.1\r\n");
            write(out, "Host: localhost:" + port + "\r\n");
            write(out, "Connection: close\r\n");
            for (var h : headers) {
                write(out, h.getKey() + ": " + h.getValue() + "\r\n");
            }
            if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
                write(out, "Content-Length: " + body.length + "\r\n");
            }
            write(out, "\r\n");
            out.writeBytes(body);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Printable and bounded, control and non-ASCII characters escaped: what a failure report shows. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(method).append(' ').append(escape(target, 300));
            headers.forEach(h ->
                    b.append(" | ").append(escape(h.getKey(), 80)).append(": ").append(escape(h.getValue(), 200)));
            b.append(" | body(")
                    .append(body.length)
                    .append(" bytes)=")
                    .append(escape(new String(body, StandardCharsets.ISO_8859_1), 400));
            return b.toString();
        }
    }

    /** What came back: status, headers (names lower case, repeated values joined with ","), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /**
         * Refused by the HTTP codec before any route ran (Vert.x's own answer to a request that is not
         * valid HTTP/1.1: an empty 400, 414 or 431); no application code, so no Sinch body.
         */
        boolean codecRefusal() {
            return (status == 400 || status == 414 || status == 431)
                    && body.length == 0
                    && !headers.containsKey("content-type");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + escape(text(), 400);
        }
    }

    static Answer send(int port, Request request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.bytes(port));
                socket.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // A server refusing a large body may answer and close before reading all of it.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + request + ": " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // The server may close while a large refused body is still being written: keep what came back.
            if (out.size() == 0) {
                throw reset;
            }
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("not an HTTP answer: " + escape(all, 400));
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).strip().toLowerCase(),
                    lines[i].substring(colon + 1).strip(),
                    (a, b) -> a + "," + b);
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            body = java.util.Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = i;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static String escape(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return s.length() > max ? b + "…(" + s.length() + " chars)" : b.toString();
    }
}
