package dev.verigate.sandbox;

import dev.verigate.model.OptionRules;
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

    /** The type whose wire name {@link OptionRules#codeType} answered (Sinch's spelling). */
    static CodeType of(String wire) {
        for (CodeType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no code type " + wire);
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
