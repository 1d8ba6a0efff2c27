package dev.verigate.ownership;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Upstream references are namespaced per app ({@code <app-id>:<reference>}), so two apps may use the
 * same reference and a lookup by reference only ever finds the caller's own verifications. Every start
 * carries one: where the app gave none, Verigate's own ({@code <app-id>~…}) lets it find a start whose
 * answer was lost.
 */
public final class References {

    /**
     * URL-path-segment characters that need no escaping, except ';' (JAX-RS reads it as a matrix
     * parameter separator, so such a reference could not be looked up); length leaves room for the
     * namespace.
     */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~!$&'()*+,=:@-]{1,128}");

    private References() {}

    public static boolean valid(String reference) {
        return reference != null && VALID.matcher(reference).matches();
    }

    public static String upstream(String appId, String reference) {
        return appId + ":" + reference;
    }

    /**
     * The upstream reference of a start the app gave no reference for: its Idempotency-Key when it
     * sent one (so a retry finds the first attempt), else a fresh one. Apps never see it.
     */
    public static String gatewayOwned(String appId, String idempotencyKey) {
        return appId + "~"
                + (idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
    }

    /** The app's own reference for an upstream one, if it belongs to that app. */
    public static Optional<String> forApp(String appId, String upstreamReference) {
        String prefix = appId + ":";
        return upstreamReference != null && upstreamReference.startsWith(prefix)
                ? Optional.of(upstreamReference.substring(prefix.length()))
                : Optional.empty();
    }
}
