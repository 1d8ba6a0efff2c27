package dev.verigate.model;

import java.util.Locale;
import java.util.Optional;

/** The verification methods of the Sinch API with their wire names (always lower case on output). */
public enum VerificationMethod {
    SMS("sms"),
    FLASHCALL("flashcall"),
    CALLOUT("callout"),
    SEAMLESS("seamless"),
    WHATSAPP("whatsapp");

    private final String wire;

    VerificationMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Case-insensitive, as older Sinch docs wrote {@code flashCall}; empty for anything else. */
    public static Optional<VerificationMethod> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (VerificationMethod m : values()) {
            if (m.wire.equals(v)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Methods that status-by-identity and reports know (seamless has no report or identity lookup). */
    public boolean reportable() {
        return this != SEAMLESS;
    }
}
