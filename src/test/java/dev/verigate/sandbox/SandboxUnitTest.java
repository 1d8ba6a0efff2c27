package dev.verigate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.model.SinchException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sandbox's pure pieces: templates, codes, magic suffixes and Sinch's timestamp format. */
class SandboxUnitTest {

    @Test
    void templatesFollowThePreferredLanguage() {
        assertEquals(SmsTemplates.ENGLISH, SmsTemplates.forLanguage(null));
        assertEquals(SmsTemplates.SWEDISH, SmsTemplates.forLanguage("sv-SE"));
        assertEquals(SmsTemplates.SWEDISH, SmsTemplates.forLanguage("sv"));
        assertEquals(SmsTemplates.SPANISH, SmsTemplates.forLanguage("fr-FR,es-ES;q=0.8,en;q=0.5"));
        assertEquals(SmsTemplates.ENGLISH, SmsTemplates.forLanguage("de-DE"));
        assertEquals(SmsTemplates.ENGLISH, SmsTemplates.forLanguage("!!;q=x"));
        assertEquals("Your verification code is 4711.", SmsTemplates.fill(SmsTemplates.ENGLISH, "4711"));
    }

    @Test
    void codesHaveTheirTypesAlphabet() {
        for (int i = 0; i < 200; i++) {
            assertTrue(CodeType.NUMERIC.generate().matches("[0-9]{4}"));
            assertTrue(CodeType.ALPHA.generate().matches("[A-Z]{4}"));
            assertTrue(CodeType.ALPHANUMERIC.generate().matches("[A-Z0-9]{4}"));
        }
        assertEquals(CodeType.ALPHANUMERIC, StartValidation.codeType("smsOptions.codeType", "alphanumeric"));
        assertEquals(CodeType.ALPHA, StartValidation.codeType("smsOptions.codeType", " ALPHA "));
        SinchException hex =
                assertThrows(SinchException.class, () -> StartValidation.codeType("smsOptions.codeType", "Hex"));
        assertEquals("smsOptions.codeType must be Numeric, Alpha or Alphanumeric.", hex.getMessage());
    }

    @Test
    void magicIsTheLastFourDigits() {
        assertEquals(Optional.of(MagicNumber.DENIED), MagicNumber.of("+46701230403"));
        assertEquals(Optional.of(MagicNumber.SLOW), MagicNumber.of("+46701230504"));
        assertEquals(Optional.of(MagicNumber.INTERNAL_ERROR), MagicNumber.of("+46701230500"));
        assertEquals(Optional.empty(), MagicNumber.of("+46704031234"));
    }

    @Test
    void timestampsAreUtcWithSevenDigitsAndNoZone() {
        assertEquals("2024-06-06T09:08:41.4784877", Answers.timestamp(Instant.parse("2024-06-06T09:08:41.4784877Z")));
        assertEquals("2024-06-06T09:08:41.0000000", Answers.timestamp(Instant.parse("2024-06-06T09:08:41Z")));
    }
}
