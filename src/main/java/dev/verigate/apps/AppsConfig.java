package dev.verigate.apps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The internal apps allowed to call the gateway: {@code verigate.apps."<app-id>".*}. */
@ConfigMapping(prefix = "verigate.apps")
public interface AppsConfig {

    @WithParentName
    Map<String, AppConfig> apps();

    interface AppConfig {

        /** Application key the app signs with (its Sinch SDK's "application key"). */
        String key();

        /** Application secret, Base64 like a Sinch dashboard secret; never logged. */
        String secret();

        /**
         * Whether Basic auth (key:secret in clear, no replay protection) is accepted from this app besides signed
         * requests; {@code verigate.auth.allow-basic-auth} when absent.
         */
        Optional<Boolean> allowBasicAuth();

        /** Verification methods this app may start: sms, flashcall, callout, seamless, whatsapp. */
        @WithDefault("sms,flashcall,callout,seamless,whatsapp")
        List<String> methods();

        /** Where this app's Sinch result and SMS-delivered events are delivered, signed with its own secret. */
        Optional<URI> webhookUrl();

        /** Asked synchronously to allow or deny this app's verification request events (optional). */
        Optional<URI> requestWebhookUrl();

        /** Sinch credentials of the app's own Sinch app; the gateway's when absent. */
        Optional<UpstreamCredentials> upstream();

        /** This app's own rates, replacing {@code verigate.limits.app.*}. */
        AppLimits limits();

        /** What this app may spend on verifications, in the currency Sinch prices in (docs/fraud.md). */
        AppBudget budget();
    }

    interface AppBudget {
        /** Per UTC day, e.g. {@code 50.00}; no cap when absent. */
        Optional<BigDecimal> daily();

        /** Per UTC calendar month; no cap when absent. */
        Optional<BigDecimal> monthly();
    }

    interface AppLimits {
        /** Starts per app, e.g. {@code 20/1s,1000/1h}. */
        Optional<String> start();

        /** Reports per app. */
        Optional<String> report();

        /** Status lookups per app. */
        Optional<String> status();
    }

    interface UpstreamCredentials {
        String applicationKey();

        String applicationSecret();
    }
}
