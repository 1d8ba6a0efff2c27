package dev.verigate.sandbox;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code codeType} of sms and whatsapp options, and how the sandbox makes a code of each type. */
enum CodeType {
    NUMERIC("Numeric", "0123456789"),
    ALPHA("Alpha", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ALPHANUMERIC("Alphanumeric", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /** Sinch does not publish a code length; four characters is what its SMS templates show. */
    static final int LENGTH = 4;

    private final String wire;
    private final String alphabet;

    CodeType(String wire, String alphabet) {
        this.wire = wire;
        this.alphabet = alphabet;
    }

    String wire() {
        return wire;
    }

    /** Case-insensitive, answered in Sinch's spelling; empty for anything else. */
    static Optional<CodeType> parse(String value) {
        for (CodeType t : values()) {
            if (t.wire.toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A fresh code; not a secret worth a SecureRandom, it is printed in the sandbox inbox anyway. */
    String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }
}
