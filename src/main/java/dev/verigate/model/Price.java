package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code price} of a status response (reference §3.5): {@code verificationPrice} for every method,
 * {@code terminationPrice} for flashcall and callout, {@code billableDuration} (seconds) only when
 * termination debiting is enabled on the Sinch account.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record Price(Money verificationPrice, Money terminationPrice, Integer billableDuration) {}
