package dev.verigate.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMS text per {@code Accept-Language} (reference §1: the header selects the language; en-US when
 * absent). Matching is on the primary language of the preferred ranges, so {@code sv}, {@code sv-SE}
 * and {@code sv-FI;q=0.8,en} all pick Swedish; a malformed header falls back to English.
 */
final class SmsTemplates {

    static final String CODE = "{{CODE}}";
    static final String ENGLISH = "Your verification code is {{CODE}}.";
    static final String SWEDISH = "Din verifieringskod är {{CODE}}.";
    static final String SPANISH = "Tu código de verificación es {{CODE}}.";
    private static final Map<String, String> BY_LANGUAGE = Map.of("en", ENGLISH, "sv", SWEDISH, "es", SPANISH);

    private SmsTemplates() {}

    static String forLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            return ENGLISH;
        }
        for (Locale.LanguageRange range : ranges) {
            String template = BY_LANGUAGE.get(range.getRange().split("-")[0]);
            if (template != null) {
                return template;
            }
        }
        return ENGLISH;
    }

    /**
     * The header's language ranges in the caller's order, weights dropped (the request event lists them
     * as an array); empty without the header.
     */
    static List<String> languages(String acceptLanguage) {
        if (acceptLanguage == null) {
            return List.of();
        }
        return Arrays.stream(acceptLanguage.split(","))
                .map(range -> range.split(";", 2)[0].strip())
                .filter(range -> !range.isEmpty())
                .toList();
    }

    static String fill(String template, String code) {
        return template.replace(CODE, code);
    }
}
