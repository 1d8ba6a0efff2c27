package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import java.time.Duration;

/**
 * A start request that passed validation, in the sandbox's terms.
 *
 * @param codeType the effective code type (Numeric unless the sms/whatsapp options chose another)
 * @param codeTypeRequested whether the caller chose it (then the sms answer echoes it)
 * @param expiry the requested {@code smsOptions.expiry}, or null for the configured default
 * @param interceptionTimeoutSeconds the requested flash call interception timeout, or null for the default
 * @param template the SMS template picked by {@code Accept-Language}
 */
record StartOrder(E164 number, VerificationMethod method, String reference, String custom, CodeType codeType,
        boolean codeTypeRequested, Duration expiry, Integer interceptionTimeoutSeconds, String template) {
}
