package dev.verigate.api;

import java.util.regex.Pattern;

/** The Accept-Language header is passed to Sinch (it picks the SMS language) only when well formed. */
final class AcceptLanguage {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9*,;=. -]{1,100}");

    private AcceptLanguage() {}

    static String sanitize(String value) {
        return value != null && VALID.matcher(value).matches() ? value.strip() : null;
    }
}
