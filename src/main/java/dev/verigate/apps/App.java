package dev.verigate.apps;

import dev.verigate.model.VerificationMethod;
import dev.verigate.signing.Credential;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * An internal app known to the gateway.
 *
 * @param id the config id ({@code verigate.apps."<id>"}), also the namespace of its references upstream
 * @param upstreamCredential its own Sinch credentials, when it has its own Sinch app
 */
public record App(
        String id,
        Credential credential,
        boolean allowBasicAuth,
        Set<VerificationMethod> methods,
        Optional<URI> webhookUrl,
        Optional<URI> requestWebhookUrl,
        Optional<Credential> upstreamCredential,
        Limits limits,
        Budget budget) {

    /** The app's own rate specs ({@code <tokens>/<period>} lists); empty means the gateway defaults. */
    public record Limits(Optional<String> start, Optional<String> report, Optional<String> status) {}

    /** What the app may spend per UTC day and month, in Sinch's price currency; empty means no cap. */
    public record Budget(Optional<BigDecimal> daily, Optional<BigDecimal> monthly) {

        public boolean capped() {
            return daily.isPresent() || monthly.isPresent();
        }
    }

    public boolean allows(VerificationMethod method) {
        return methods.contains(method);
    }
}
