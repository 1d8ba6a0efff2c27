package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code {"type":"number","endpoint":"+46700000000"}}; Sinch only knows the type {@code number}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // serialized by hand inside StartRequest and the sandbox's events (native image)
public record Identity(String type, String endpoint) {

    public static final String NUMBER = "number";

    public static Identity number(String e164) {
        return new Identity(NUMBER, e164);
    }
}
