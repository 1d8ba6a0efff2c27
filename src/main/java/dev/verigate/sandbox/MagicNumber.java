package dev.verigate.sandbox;

import java.util.Optional;

/** Failure injected by the last four digits of the number (the table is on {@link VerificationsResource}). */
enum MagicNumber {
    /** Start answers 200, the verification is DENIED / Blocked, nothing is delivered. */
    DENIED("0403"),
    /** Start answers 200, nothing is delivered, the verification is ERROR / Network error or number unreachable. */
    UNREACHABLE("0410"),
    /** Start answers 429/42900; nothing is created. */
    CAPACITY_EXCEEDED("0429"),
    /** Start answers 503/50300; nothing is created. */
    UNAVAILABLE("0503"),
    /** The verification is created and delivered, but the answer waits {@code verigate.sandbox.slow-delay}. */
    SLOW("0504"),
    /** The verification is created and delivered, but the answer is 500/50000 (ambiguous for the caller). */
    INTERNAL_ERROR("0500");

    private final String suffix;

    MagicNumber(String suffix) {
        this.suffix = suffix;
    }

    static Optional<MagicNumber> of(String e164) {
        for (MagicNumber m : values()) {
            if (e164.endsWith(m.suffix)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether a created verification is never delivered. */
    boolean suppressesDelivery() {
        return this == DENIED || this == UNREACHABLE;
    }
}
