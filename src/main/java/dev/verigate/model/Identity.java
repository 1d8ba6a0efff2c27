package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"type":"number","endpoint":"+46700000000"}}; Sinch only knows the type {@code number}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Identity(String type, String endpoint) {

    public static final String NUMBER = "number";

    public static Identity number(String e164) {
        return new Identity(NUMBER, e164);
    }
}
