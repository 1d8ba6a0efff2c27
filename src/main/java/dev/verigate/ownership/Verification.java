package dev.verigate.ownership;

import dev.verigate.model.VerificationMethod;
import java.util.Optional;

/**
 * What the gateway records about a verification it started: who owns it and how to find it again.
 *
 * @param appReference the reference as the app gave it (empty when none); upstream it is namespaced
 */
public record Verification(String id, String appId, VerificationMethod method, String number,
        Optional<String> appReference) {

    private static final char SEP = '\u001f';

    String encode() {
        return appId + SEP + method.wire() + SEP + number + SEP + appReference.orElse("");
    }

    static Verification decode(String id, String value) {
        String[] f = value.split(String.valueOf(SEP), -1);
        if (f.length != 4) {
            throw new IllegalStateException("unreadable ownership record for a verification");
        }
        return new Verification(id, f[0], VerificationMethod.parse(f[1]).orElseThrow(), f[2],
                f[3].isEmpty() ? Optional.empty() : Optional.of(f[3]));
    }
}
