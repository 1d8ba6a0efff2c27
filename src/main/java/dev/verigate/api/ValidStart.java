package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A start request that passed every check: the fields Verigate interprets in canonical form (number in E.164,
 * method lower case, its own method's options checked) and the body Sinch gets, which is the app's with those
 * fields laid over it ({@link Forwarded}). Anything invalid is a 400/40001 (or 403/40300 for a method the app may
 * not use) before any quota is touched or Sinch is called.
 */
record ValidStart(
        StartRequest request,
        ObjectNode forwarded,
        E164 number,
        VerificationMethod method,
        Optional<String> reference) {

    /** The checked fields of {@code body}, read as {@code r}. */
    static ValidStart of(StartRequest r, ObjectNode body, App app) {
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
        StartRequest checked = MethodOptions.checkOwn(canonical, r, method);
        return new ValidStart(checked, Forwarded.of(body, checked), number, method, Optional.ofNullable(r.reference()));
    }

    /** The body Sinch gets, with the reference it is sent under. */
    ObjectNode upstream(String upstreamReference) {
        return forwarded.deepCopy().put("reference", upstreamReference);
    }
}
