package dev.verigate.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Sinch "Application signed request" algorithm (reference §2.2): used to sign upstream calls and
 * outgoing callbacks, and to verify inbound requests and Sinch's callbacks.
 */
public final class Signatures {

    /**
     * One MD5 and one HMAC engine per thread (event loops, workers): {@code getInstance} walks the
     * security providers and allocates on every call, and these run twice per start. Each use resets
     * (digest) or re-keys (init) the engine first, so nothing leaks from one request into the next.
     */
    private static final ThreadLocal<MessageDigest> MD5 =
            ThreadLocal.withInitial(() -> engine(() -> MessageDigest.getInstance("MD5"), "MD5"));

    private static final ThreadLocal<Mac> HMAC_SHA256 =
            ThreadLocal.withInitial(() -> engine(() -> Mac.getInstance("HmacSHA256"), "HmacSHA256"));

    private Signatures() {}

    private interface Engine<T> {
        T get() throws NoSuchAlgorithmException;
    }

    private static <T> T engine(Engine<T> factory, String algorithm) {
        try {
            return factory.get();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Sinch signing scheme", e);
        }
    }

    /** Base64(MD5(body)); the empty string for an absent or empty body (never MD5 of ""). */
    public static String contentMd5(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        MessageDigest md5 = MD5.get();
        md5.reset();
        return Base64.getEncoder().encodeToString(md5.digest(body));
    }

    /** VERB \n Content-MD5 \n Content-Type \n x-timestamp:value \n resource. */
    public static String stringToSign(
            String verb, String contentMd5, String contentType, String xTimestamp, String resource) {
        return verb.toUpperCase(Locale.ROOT) + '\n' + contentMd5 + '\n'
                + (contentType == null ? "" : contentType) + '\n'
                + "x-timestamp:" + xTimestamp + '\n' + resource;
    }

    /** Base64(HMAC-SHA256(decodedSecret, stringToSign)). */
    public static byte[] hmac(byte[] decodedSecret, String stringToSign) {
        Mac mac = HMAC_SHA256.get();
        try {
            mac.init(new SecretKeySpec(decodedSecret.length == 0 ? new byte[1] : decodedSecret, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused the key", e);
        }
        return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(byte[] decodedSecret, String stringToSign) {
        return Base64.getEncoder().encodeToString(hmac(decodedSecret, stringToSign));
    }

    /** Constant-time comparison of a presented Base64 signature with the expected raw MAC. */
    public static boolean matches(byte[] expectedMac, byte[] presentedMac) {
        return presentedMac != null && MessageDigest.isEqual(expectedMac, presentedMac);
    }

    /**
     * Decodes an application secret as every Sinch SDK does: standard Base64 with optional padding
     * (Java), falling back to the URL-safe alphabet (Node's lenient decoder). Throws
     * {@link IllegalArgumentException} when neither alphabet applies.
     */
    public static byte[] decodeSecret(String secret) {
        String s = secret.strip();
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException notStandard) {
            return Base64.getUrlDecoder().decode(s.replace("=", ""));
        }
    }

    /** Decodes a presented signature; null when it is not Base64 at all (which then never matches). */
    static byte[] decodeSignature(String signature) {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
