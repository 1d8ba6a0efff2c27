package dev.verigate.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks phone numbers for logs and messages: {@code +46701234567} becomes {@code +46701****67}. */
public final class PhoneMask {

    private PhoneMask() {}

    private static final Pattern NUMBER = Pattern.compile("(\\+|%2B)?[0-9]{7,}");

    /** Masks every phone-number-like run of digits in a text, e.g. a request path. */
    public static String maskAll(String text) {
        return text == null ? null : NUMBER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(mask(m.group())));
    }

    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        int n = number.length();
        if (n > 24) {
            return mask(number.substring(0, 16)) + "…(" + n + " chars)";
        }
        if (n <= 8) {
            return "*".repeat(n);
        }
        int keepEnd = 2;
        int keepStart = Math.min(6, n - keepEnd - 4);
        return number.substring(0, keepStart) + "*".repeat(n - keepStart - keepEnd) + number.substring(n - keepEnd);
    }
}
