package dev.verigate.upstream;

import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import dev.verigate.signing.Credential;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The Sinch credentials calls are signed with: the gateway's own, or an app's own Sinch app's. */
@Singleton
public class UpstreamCredentials {

    private final Credential gateway;
    private final Map<String, Credential> byKey = new HashMap<>();

    UpstreamCredentials(UpstreamConfig config, AppRegistry apps) {
        this.gateway = credential(config.applicationKey(), config.applicationSecret());
        byKey.put(gateway.key(), gateway);
        apps.all().forEach(app -> app.upstreamCredential().ifPresent(c -> byKey.put(c.key(), c)));
    }

    /** The credential an app's calls are signed with. */
    public Credential forApp(App app) {
        return app.upstreamCredential().orElse(gateway);
    }

    public Credential gateway() {
        return gateway;
    }

    /** The gateway's or an app's own Sinch credential with this key (Sinch signs its events with it). */
    public Optional<Credential> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    Credential byKey(String key) {
        Credential c = key == null ? gateway : byKey.get(key);
        if (c == null) {
            throw new IllegalStateException("no upstream credential for the requested key");
        }
        return c;
    }

    private static Credential credential(String key, String secret) {
        try {
            return Credential.of(key.strip(), secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "verigate.upstream.application-secret must be the Base64 secret of the Sinch application");
        }
    }
}
