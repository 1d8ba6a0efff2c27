package dev.verigate.callbacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import dev.verigate.ownership.References;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Which app a Sinch event belongs to: every start Verigate sends carries a reference namespaced by
 * the app ({@code <app>:<ref>} or Verigate's own {@code <app>~…}), so even a request event, which
 * arrives before the start has answered, names its owner.
 */
@Singleton
class EventOwners {

    private final AppRegistry apps;

    EventOwners(AppRegistry apps) {
        this.apps = apps;
    }

    Optional<App> owner(ObjectNode event) {
        String reference = event.path("reference").asText("");
        int end = firstOf(reference, ':', '~');
        return end <= 0 ? Optional.empty() : apps.byId(reference.substring(0, end));
    }

    /** The event as the app should see it: its own reference, or none when Verigate made it up. */
    static ObjectNode forApp(ObjectNode event, App app) {
        ObjectNode copy = event.deepCopy();
        String reference = event.path("reference").asText(null);
        if (reference != null) {
            References.forApp(app.id(), reference)
                    .ifPresentOrElse(own -> copy.put("reference", own), () -> copy.remove("reference"));
        }
        return copy;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
