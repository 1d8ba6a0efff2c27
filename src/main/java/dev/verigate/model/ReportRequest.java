package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The fields of the two report endpoints' body that Verigate interprets (reference §3.3): the method and its
 * method object. Others travel on to Sinch unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ReportRequest(String method, Code sms, Cli flashCall, Code callout, Code whatsapp) {

    /** The code the user typed, for sms, callout and whatsapp. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Code(String code) {}

    /** The caller id of the missed flash call. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cli(String cli) {}
}
