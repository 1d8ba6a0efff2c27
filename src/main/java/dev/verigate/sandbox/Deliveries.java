package dev.verigate.sandbox;

import java.time.Instant;

/** What each method puts in the number's inbox: the text of the message, or a description of the call. */
final class Deliveries {

    private Deliveries() {}

    static InboxMessage of(String id, StartOrder order, String secret, Instant at) {
        String method = order.method().wire();
        return switch (order.method()) {
            case SMS ->
                new InboxMessage(id, method, secret, null, SmsTemplates.fill(order.template(), secret), at.toString());
            // Sinch picks the WhatsApp template itself; Accept-Language only selects the SMS text.
            case WHATSAPP ->
                new InboxMessage(
                        id, method, secret, null, SmsTemplates.fill(SmsTemplates.ENGLISH, secret), at.toString());
            case CALLOUT ->
                new InboxMessage(
                        id, method, secret, null, "Phone call speaking the code " + secret + ".", at.toString());
            case FLASHCALL ->
                new InboxMessage(id, method, null, secret, "Missed call from " + secret + ".", at.toString());
            case SEAMLESS -> throw new IllegalArgumentException("seamless delivers nothing to the inbox");
        };
    }
}
