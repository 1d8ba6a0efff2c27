package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of a start response's {@code _links}: {@code rel} is {@code status} or {@code report},
 * {@code href} an absolute URL (Sinch localizes it to the data centre that answered), {@code method}
 * the HTTP verb ({@code GET} or {@code PUT}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record Link(String rel, String href, String method) {}
