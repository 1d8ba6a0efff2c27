package dev.verigate.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verigate.model.Identity;
import dev.verigate.model.Money;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The three events Sinch POSTs to an application's callback URL (reference §6), as the sandbox sends
 * them. Absent fields are left out, never sent as null.
 */
final class SinchEvents {

    static final String REQUEST = "VerificationRequestEvent";
    static final String RESULT = "VerificationResultEvent";
    static final String SMS_DELIVERED = "VerificationSmsDeliveredEvent";
    static final String SMS_SUCCESSFUL = "Successful";
    static final String SMS_FAILED = "Failed";

    private SinchEvents() {}

    /** Sent before a verification exists; its answer allows, shapes or denies it (§6.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record RequestEvent(
            String id,
            String event,
            String method,
            Identity identity,
            String reference,
            String custom,
            Money price,
            List<String> acceptLanguage) {

        /** @param id the id the verification will have whatever the answer */
        static RequestEvent of(String id, StartOrder order) {
            return new RequestEvent(
                    id,
                    REQUEST,
                    order.method().wire(),
                    Identity.number(order.number().number()),
                    order.reference(),
                    order.custom(),
                    Prices.of(order.method()).verificationPrice(),
                    order.acceptLanguage().isEmpty() ? null : order.acceptLanguage());
        }
    }

    /** Sent after the verification's status changed (§6.2). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record ResultEvent(
            String id,
            String event,
            String method,
            Identity identity,
            String status,
            String reason,
            String reference,
            String source,
            String custom) {

        static ResultEvent of(Verification v) {
            return new ResultEvent(
                    v.id(),
                    RESULT,
                    v.method().wire(),
                    Identity.number(v.number()),
                    v.status().name(),
                    v.reason(),
                    v.reference(),
                    v.source(),
                    v.custom());
        }
    }

    /** Sent when the SMS's delivery receipt arrived, or its delivery failed (§6.3). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record SmsDeliveredEvent(
            String id,
            String event,
            String method,
            Identity identity,
            String reference,
            String custom,
            String smsResult) {

        static SmsDeliveredEvent of(Verification v, String smsResult) {
            return new SmsDeliveredEvent(
                    v.id(),
                    SMS_DELIVERED,
                    v.method().wire(),
                    Identity.number(v.number()),
                    v.reference(),
                    v.custom(),
                    smsResult);
        }
    }
}
