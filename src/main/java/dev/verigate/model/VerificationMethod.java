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

    /**
     * The method of a status-by-identity path ({@code /verifications/{method}/number/{endpoint}}): one that can be
     * looked up by number, else 400/40001. The gateway and the sandbox answer the same.
     */
    public static VerificationMethod ofLookup(String value) {
        return parse(value)
                .filter(VerificationMethod::reportable)
                .orElseThrow(() -> SinchException.badRequest(
                        "The method in the path must be one of sms, flashcall, callout, whatsapp."));
    }

    /** Methods that status-by-identity and reports know (seamless has no report or identity lookup). */
    public boolean reportable() {
        return this != SEAMLESS;
    }
}
