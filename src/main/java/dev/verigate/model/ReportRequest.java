package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of the two report endpoints (reference §3.3): the method and its one method object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ReportRequest(String method, Code sms, Cli flashCall, Code callout, Code whatsapp) {

    public ReportRequest withMethod(VerificationMethod m) {
        return new ReportRequest(m.wire(), sms, flashCall, callout, whatsapp);
    }

    /** The code the user typed, for sms, callout and whatsapp. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Code(String code) {}

    /** The caller id of the missed flash call. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cli(String cli) {}
}
