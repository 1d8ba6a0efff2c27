package dev.verigate.ownership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.VerificationMethod;
import java.util.Optional;

/**
 * What the gateway records about a verification it started: who owns it and how to find it again.
 *
 * @param appReference the reference as the app gave it (empty when none); upstream it is namespaced
 */
public record Verification(
        String id, String appId, VerificationMethod method, String number, Optional<String> appReference) {

    private static final char SEP = '\u001f';

    /**
     * The verification a Sinch status answer describes, if its reference is in the app's namespace
     * ({@code <app>:<ref>}, or Verigate's own {@code <app>~…} when the app gave none).
     */
    public static Optional<Verification> ownedBy(String appId, ObjectNode status) {
        String reference = status.path("reference").asText("");
        boolean appsOwn = reference.startsWith(appId + ":");
        if (!appsOwn && !reference.startsWith(appId + "~")) {
            return Optional.empty();
        }
        String id = status.path("id").asText("");
        String number = status.path("identity").path("endpoint").asText("");
        Optional<VerificationMethod> method =
                VerificationMethod.parse(status.path("method").asText(null));
        if (id.isEmpty() || number.isEmpty() || method.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Verification(
                id, appId, method.get(), number, appsOwn ? References.forApp(appId, reference) : Optional.empty()));
    }

    String encode() {
        return appId + SEP + method.wire() + SEP + number + SEP + appReference.orElse("");
    }

    static Verification decode(String id, String value) {
        String[] f = value.split(String.valueOf(SEP), -1);
        if (f.length != 4) {
            throw new IllegalStateException("unreadable ownership record for a verification");
        }
        return new Verification(
                id,
                f[0],
                VerificationMethod.parse(f[1]).orElseThrow(),
                f[2],
                f[3].isEmpty() ? Optional.empty() : Optional.of(f[3]));
    }
}
