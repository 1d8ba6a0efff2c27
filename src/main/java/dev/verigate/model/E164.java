package dev.verigate.model;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/** A validated E.164 number with its ISO country (from libphonenumber). */
public record E164(String number, String countryId) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SHAPE = Pattern.compile("\\+[0-9]{1,20}");

    /**
     * Parses an identity endpoint.
     *
     * @throws SinchException 400/40001 naming what is wrong with the number
     */
    public static E164 parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw SinchException.badRequest("Endpoint parameter is missing.");
        }
        if (!SHAPE.matcher(endpoint).matches()) {
            throw invalid(endpoint, "Use E.164: '+' followed by the country code and number, digits only.");
        }
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(endpoint, "ZZ");
        } catch (NumberParseException e) {
            throw invalid(endpoint, describe(e.getErrorType()));
        }
        ValidationResult possible = UTIL.isPossibleNumberWithReason(parsed);
        if (possible != ValidationResult.IS_POSSIBLE && possible != ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
            throw invalid(endpoint, describe(possible));
        }
        String region = UTIL.getRegionCodeForNumber(parsed);
        if (!UTIL.isValidNumber(parsed) || region == null) {
            throw invalid(
                    endpoint, "It is not an assigned number range" + (region == null ? "." : " in " + region + "."));
        }
        return new E164(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), region);
    }

    /**
     * The number's destination prefix: {@code +}, its country calling code and the {@code digits} that follow (all
     * of them when it has fewer), e.g. {@code +44791} for {@code +447911123456} with 3 digits.
     */
    public String prefix(int digits) {
        int callingCode =
                Integer.toString(UTIL.getCountryCodeForRegion(countryId)).length();
        return number.substring(0, Math.min(number.length(), 1 + callingCode + digits));
    }

    /** The masked number goes into the message only on this path: a valid start never builds it. */
    private static SinchException invalid(String endpoint, String why) {
        return SinchException.badRequest("Number " + PhoneMask.mask(endpoint) + " is invalid. " + why);
    }

    private static String describe(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "Unknown country calling code.";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "Too short.";
            case TOO_LONG -> "Too long.";
            default -> "Not a phone number.";
        };
    }

    private static String describe(ValidationResult result) {
        return switch (result) {
            case INVALID_COUNTRY_CODE -> "Unknown country calling code.";
            case TOO_SHORT -> "Too short.";
            case TOO_LONG -> "Too long.";
            default -> "Invalid length for its country.";
        };
    }

    public String masked() {
        return PhoneMask.mask(number);
    }

    @Override
    public String toString() {
        return masked();
    }
}
