package dev.verigate.api;

import dev.verigate.apps.App;
import dev.verigate.model.E164;
import dev.verigate.model.Identity;
import dev.verigate.model.OptionRules;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.VerificationMethod;
import dev.verigate.ownership.References;
import java.util.Optional;

/**
 * A start request that passed every check, in canonical form: number in E.164, method lower case,
 * only the option object of its own method. Anything else is a 400/40001 (or 403/40300 for a method
 * the app may not use) before any quota is touched or Sinch is called.
 */
record ValidStart(StartRequest request, E164 number, VerificationMethod method, Optional<String> reference) {

    static ValidStart of(StartRequest r, App app) {
        Identity identity = r.identity();
        if (identity == null) {
            throw SinchException.badRequest("identity is required.");
        }
        if (!Identity.NUMBER.equals(identity.type())) {
            throw SinchException.badRequest("identity.type must be 'number'.");
        }
        E164 number = E164.parse(identity.endpoint());
        VerificationMethod method = VerificationMethod.parse(r.method())
                .orElseThrow(() -> SinchException.badRequest(
                        "method must be one of sms, flashcall, callout, seamless, whatsapp."));
        if (!app.allows(method)) {
            throw SinchException.forbidden("Method " + method.wire() + " is not allowed for this application.");
        }
        if (r.reference() != null && !References.valid(r.reference())) {
            throw SinchException.badRequest(
                    "reference must be 1-128 URL path characters (letters, digits, " + "-._~!$&'()*+,=:@).");
        }
        OptionRules.custom(r.custom());
        StartRequest canonical = new StartRequest(
                Identity.number(number.number()), method.wire(), r.reference(), r.custom(), null, null, null, null);
        return new ValidStart(
                MethodOptions.keepOwn(canonical, r, method), number, method, Optional.ofNullable(r.reference()));
    }
}
