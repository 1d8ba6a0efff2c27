package dev.verigate.apps;

import dev.verigate.signing.Credential;
import dev.verigate.signing.RequestAuthenticator;
import java.util.Optional;

/**
 * The configured apps as the signers a {@link RequestAuthenticator} knows: by key, with their own secret.
 * {@code signedOnly} refuses Basic whatever the app allows (webhook deliveries are always signed).
 */
public record AppPrincipals(AppRegistry apps, boolean signedOnly) implements RequestAuthenticator.Principals<App> {

    @Override
    public Optional<App> byKey(String key) {
        return apps.byKey(key);
    }

    @Override
    public Credential credential(App app) {
        return app.credential();
    }

    @Override
    public boolean allowsBasic(App app) {
        return !signedOnly && app.allowBasicAuth();
    }
}
