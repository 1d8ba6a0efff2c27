package dev.verigate.signing;

/**
 * An application key with its secret, as Sinch issues them: the raw dashboard string (compared for
 * Basic auth) and its decoded bytes (the HMAC key). {@link #toString()} never shows the secret.
 */
public record Credential(String key, String rawSecret, byte[] decodedSecret) {

    public static Credential of(String key, String rawSecret) {
        return new Credential(key, rawSecret, Signatures.decodeSecret(rawSecret));
    }

    @Override
    public String toString() {
        return "Credential[key=" + key + ", secret=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && c.key.equals(key) && c.rawSecret.equals(rawSecret);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
