package dev.verigate.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an inbound request's signature covers: the verb, the raw path and query as received, the
 * Content-Type header verbatim, the raw body bytes and the {@code x-timestamp} header verbatim.
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, String contentType, byte[] body, String xTimestamp) {

    /**
     * Checks a presented signature the tolerant way of reference §2.6: the resource may be the raw
     * path (Node, .NET without query), the percent-decoded path (Java SDK) or the raw path with its
     * query (.NET). Every candidate is compared in constant time.
     */
    public boolean verify(Credential credential, String presentedSignature) {
        byte[] presented = Signatures.decodeSignature(presentedSignature);
        if (presented == null) {
            return false;
        }
        String md5 = Signatures.contentMd5(body);
        boolean matched = false;
        for (String resource : candidateResources()) {
            String toSign = Signatures.stringToSign(method, md5, contentType, xTimestamp, resource);
            matched |= Signatures.matches(Signatures.hmac(credential.decodedSecret(), toSign), presented);
        }
        return matched;
    }

    Set<String> candidateResources() {
        Set<String> resources = new LinkedHashSet<>();
        resources.add(rawPath);
        String decoded = percentDecode(rawPath);
        if (decoded != null) {
            resources.add(decoded);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            resources.add(rawPath + '?' + rawQuery);
        }
        return resources;
    }

    /** Percent-decodes a path as {@code URI.getPath()} does ('+' stays '+'); null if malformed. */
    static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return null;
                }
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
