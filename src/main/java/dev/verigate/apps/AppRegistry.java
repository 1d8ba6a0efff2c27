package dev.verigate.apps;

import dev.verigate.model.VerificationMethod;
import dev.verigate.signing.Credential;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The configured apps, by id and by key. Bad app config fails the boot with the key it concerns. */
@Startup
@Singleton
public class AppRegistry {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final Map<String, App> byId = new HashMap<>();
    private final Map<String, App> byKey = new HashMap<>();

    AppRegistry(AppsConfig config, AuthConfig auth) {
        config.apps().forEach((id, c) -> add(build(id, c, auth.allowBasicAuth())));
    }

    public Optional<App> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Optional<App> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<App> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    private void add(App app) {
        App clash = byKey.putIfAbsent(app.credential().key(), app);
        if (clash != null) {
            throw new IllegalStateException("verigate.apps.\"" + app.id() + "\".key is already the key of app \""
                    + clash.id() + "\"; every app needs its own key");
        }
        byId.put(app.id(), app);
    }

    private static App build(String id, AppsConfig.AppConfig c, boolean basicByDefault) {
        String prefix = "verigate.apps.\"" + id + "\".";
        if (!ID.matcher(id).matches()) {
            throw new IllegalStateException("verigate.apps.\"" + id
                    + "\": an app id is 1-63 letters, digits, '-' or '_' (it namespaces references upstream)");
        }
        Credential credential = credential(c.key(), c.secret(), prefix + "secret");
        Optional<Credential> upstream = c.upstream()
                .map(u ->
                        credential(u.applicationKey(), u.applicationSecret(), prefix + "upstream.application-secret"));
        App.Limits limits = new App.Limits(
                c.limits().start(), c.limits().report(), c.limits().status());
        return new App(
                id,
                credential,
                c.allowBasicAuth().orElse(basicByDefault),
                methods(c, prefix + "methods"),
                c.webhookUrl(),
                c.requestWebhookUrl(),
                upstream,
                limits,
                budget(c.budget(), prefix + "budget"));
    }

    private static App.Budget budget(AppsConfig.AppBudget b, String prefix) {
        b.daily().filter(v -> v.signum() < 0).ifPresent(v -> {
            throw new IllegalStateException(prefix + ".daily: an amount of 0 or more, not " + v);
        });
        b.monthly().filter(v -> v.signum() < 0).ifPresent(v -> {
            throw new IllegalStateException(prefix + ".monthly: an amount of 0 or more, not " + v);
        });
        return new App.Budget(b.daily(), b.monthly());
    }

    static Credential credential(String key, String secret, String secretKeyName) {
        try {
            Credential credential = Credential.of(key.strip(), secret.strip());
            if (credential.decodedSecret().length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return credential;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(secretKeyName + " must be a Base64 secret like those Sinch issues");
        }
    }

    private static Set<VerificationMethod> methods(AppsConfig.AppConfig c, String keyName) {
        Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
        for (String m : c.methods()) {
            methods.add(VerificationMethod.parse(m)
                    .orElseThrow(() -> new IllegalStateException(keyName + " has unknown method '" + m
                            + "' (sms, flashcall, callout, seamless, whatsapp)")));
        }
        return methods;
    }
}
