package dev.verigate.model;

/** Masks phone numbers for logs and messages: {@code +46701234567} becomes {@code +46701****67}. */
public final class PhoneMask {

    private PhoneMask() {
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
