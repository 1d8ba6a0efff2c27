package dev.verigate.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The answer to a request event (reference §6.1): {@code action} and at most the object of the event's
 * method. Unknown keys are ignored (the legacy callout keys among them); so is {@code callout.speech},
 * since the sandbox speaks no language. Each record is registered for reflection: the native image
 * reads them with the plain ObjectMapper, outside any REST signature Quarkus would register.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record CallbackAnswer(String action, Sms sms, FlashCall flashCall, Callout callout, Whatsapp whatsapp) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Sms(String code, String codeType, String expiry, List<String> acceptLanguage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record FlashCall(String cli, Integer dialTimeout, Integer interceptionTimeout) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Callout(String code) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Whatsapp(String codeType) {}
}
