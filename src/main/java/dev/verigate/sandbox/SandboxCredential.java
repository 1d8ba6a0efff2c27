package dev.verigate.sandbox;

import dev.verigate.signing.Credential;
import dev.verigate.upstream.UpstreamConfig;

/**
 * The one application the sandbox knows, like a Sinch Verification app: it authenticates requests with
 * it and signs its events with it, as Sinch signs callbacks with the app's own key and secret.
 */
final class SandboxCredential {

    private SandboxCredential() {}

    /** The sandbox's own key and secret, else the upstream's, so a gateway pointed at its sandbox just works. */
    static Credential of(SandboxConfig config, UpstreamConfig upstream) {
        String key = config.applicationKey().orElseGet(upstream::applicationKey).strip();
        String secret = config.applicationSecret()
                .orElseGet(upstream::applicationSecret)
                .strip();
        try {
            Credential credential = Credential.of(key, secret);
            if (credential.decodedSecret().length > 0) {
                return credential;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below with the key to fix
        }
        throw new IllegalStateException("verigate.sandbox.application-secret (or verigate.upstream.application-secret)"
                + " must be a Base64 secret like those Sinch issues");
    }
}
