package dev.verigate.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** A parsed {@code Authorization} header in one of the three Sinch schemes (reference §2). */
public sealed interface AuthorizationHeader {

    String key();

    /** {@code Basic base64(key:secret)}. */
    record Basic(String key, String secret) implements AuthorizationHeader {
        @Override
        public String toString() {
            return "Basic[key=" + key + "]";
        }
    }

    /** {@code Application key:signature}; the scheme keyword is case-insensitive. */
    record Signed(String key, String signature) implements AuthorizationHeader {
        @Override
        public String toString() {
            return "Signed[key=" + key + "]";
        }
    }

    /** {@code Application key} without a signature: Sinch's public (device) authentication. */
    record Public(String key) implements AuthorizationHeader {}

    /**
     * Parses a header value.
     *
     * @throws IllegalArgumentException when the value is in no known scheme or is malformed
     */
    static AuthorizationHeader parse(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("no scheme");
        }
        String scheme = v.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = v.substring(space + 1).strip();
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("no credentials");
        }
        return switch (scheme) {
            case "basic" -> basic(credentials);
            case "application" -> application(credentials);
            default -> throw new IllegalArgumentException("unknown scheme");
        };
    }

    private static AuthorizationHeader basic(String token) {
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("basic credentials without key:secret");
        }
        return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static AuthorizationHeader application(String credentials) {
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return new Public(credentials);
        }
        if (colon == 0 || colon == credentials.length() - 1) {
            throw new IllegalArgumentException("application credentials without key or signature");
        }
        return new Signed(credentials.substring(0, colon), credentials.substring(colon + 1));
    }
}
