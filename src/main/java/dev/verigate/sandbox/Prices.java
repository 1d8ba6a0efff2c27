package dev.verigate.sandbox;

import dev.verigate.model.Money;
import dev.verigate.model.Price;
import dev.verigate.model.VerificationMethod;

/** What a verification costs in the sandbox: shown in status answers and in request events. */
final class Prices {

    private Prices() {}

    /** A fixed price per method in EUR (the amounts of Sinch's mock; whatsapp and seamless made up alike). */
    static Price of(VerificationMethod method) {
        return switch (method) {
            case SMS -> new Price(Money.eur("0.0453"), null, null);
            case WHATSAPP -> new Price(Money.eur("0.0350"), null, null);
            case SEAMLESS -> new Price(Money.eur("0.0300"), null, null);
            case FLASHCALL -> new Price(Money.eur("0.0205"), Money.eur("0.0"), null);
            case CALLOUT -> new Price(Money.eur("0.1852"), Money.eur("0.0"), null);
        };
    }
}
