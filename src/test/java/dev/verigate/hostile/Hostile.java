package dev.verigate.hostile;

import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile input, shared by the jqwik properties on pure code and the gateway tests.
 * Every generator produces only input the gateway must refuse: where a random value could happen to
 * be valid (a number libphonenumber accepts, a reference that is a legal one), it is filtered out
 * with the gateway's own rules as the oracle. */
final class Hostile {

    private Hostile() {}

    // ---- strings and JSON ---------------------------------------------------------------------------

    private static final List<String> NASTY = List.of(
            "",
            " ",
            "\u0000",
            "\t\r\n",
            "null",
            "true",
            "0",
            "-1",
            "1e309",
            "NaN",
            "\"",
            "\\",
            "\\u0000",
            "{}",
            "[]",
            "<script>alert(1)</script>",
            "${jndi:ldap://x/a}",
            "' OR 1=1 --",
            "../../etc/passwd",
            "%00",
            "%2F",
            "\u202e",
            "\u200b",
            "\ufeff",
            "\ud800",
            "\udfff",
            "😀",
            "Ω",
            "ß",
            "\u0130",
            "+",
            "+46701234567",
            "a".repeat(300),
            "SMS",
            "number",
            "identity",
            "__proto__",
            "constructor");

    private static final List<String> KEYS = List.of(
            "identity",
            "type",
            "endpoint",
            "method",
            "reference",
            "custom",
            "sms",
            "code",
            "flashCall",
            "cli",
            "callout",
            "whatsapp",
            "smsOptions",
            "expiry",
            "codeType",
            "flashCallOptions",
            "dialTimeout",
            "calloutOptions",
            "speech",
            "locale",
            "whatsappOptions",
            "__proto__",
            "",
            " identity",
            "IDENTITY",
            "méthod");

    /** Any string: jqwik's own (every code point class, edge cases included) or a known troublemaker. */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), Arbitraries.of(NASTY));
    }

    /** A JSON string literal; control characters and lone surrogates escaped, which JSON allows. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Random JSON text of any top-level type, nested a few levels, keys drawn partly from Sinch's. */
    static Arbitrary<String> json() {
        return Arbitraries.randomValue(r -> json(r, 4));
    }

    /** A random JSON object. */
    static Arbitrary<String> jsonObject() {
        return Arbitraries.randomValue(r -> object(r, 4));
    }

    private static String json(Random r, int depth) {
        int kind = r.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> number(r);
            case 3, 4 -> quote(string(r));
            case 5 -> object(r, depth - 1);
            default -> array(r, depth - 1);
        };
    }

    private static String object(Random r, int depth) {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(3) == 0 ? string(r) : KEYS.get(r.nextInt(KEYS.size()));
            b.append(i == 0 ? "" : ",").append(quote(key)).append(':').append(json(r, depth));
        }
        return b.append('}').toString();
    }

    private static String array(Random r, int depth) {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(json(r, depth));
        }
        return b.append(']').toString();
    }

    private static String number(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt());
            case 1 -> Long.toString(r.nextLong());
            case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(600) - 300));
            case 3 -> "1" + "0".repeat(r.nextInt(40));
            case 4 -> "-0";
            default -> r.nextInt(100) + "." + r.nextInt(100) + "e" + (r.nextInt(800) - 400);
        };
    }

    private static String string(Random r) {
        if (r.nextInt(3) == 0) {
            return NASTY.get(r.nextInt(NASTY.size()));
        }
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(20);
        for (int i = 0; i < n; i++) {
            b.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x10000) : 0x20 + r.nextInt(0x5f)));
        }
        return b.toString();
    }

    /** Broken JSON: a random JSON text cut short, garbage around it, or random bytes. */
    static Arbitrary<byte[]> brokenJson() {
        Arbitrary<byte[]> truncated = Arbitraries.randomValue(r -> {
            String j = json(r, 4);
            return j.substring(0, r.nextInt(j.length())).getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> trailing =
                Combinators.combine(jsonObject(), json()).as((a, b) -> (a + b).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> oddSyntax = Arbitraries.of(
                        "{'identity':1}",
                        "{identity:1}",
                        "{\"a\":1,}",
                        "[1,]",
                        "{\"a\" 1}",
                        "{\"a\":01}",
                        "{\"a\":+1}",
                        "{\"a\":.5}",
                        "{\"a\":NaN}",
                        "{\"a\":Infinity}",
                        "/*c*/{}",
                        "{\"a\":1}//",
                        "\ufeff{}",
                        "{\"a\":\"\\x41\"}",
                        "{\"a\":\"\\u12\"}",
                        "{\"a\":\"\t\"}",
                        "{\"a\":tru}",
                        "\u0000",
                        " ",
                        "\r\n")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(truncated, trailing, bytes, oddSyntax);
    }

    // ---- wrong types ----------------------------------------------------------------------------------

    private static Arbitrary<String> objects() {
        return Arbitraries.of("{}", "{\"a\":1}", "{\"code\":\"1234\"}", "{\"type\":\"number\"}");
    }

    private static Arbitrary<String> arrays() {
        return Arbitraries.of("[]", "[1]", "[\"sms\"]", "[null]", "[[]]", "[\"+46701234567\"]");
    }

    private static Arbitrary<String> booleans() {
        return Arbitraries.of("true", "false");
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("0", "-1", "1.5", "1e400", "-1e-400", "12345678901234567890123"));
    }

    /** Strings no integer can be read from. */
    private static Arbitrary<String> nonNumericStrings() {
        return strings().filter(s -> !s.strip().matches("[-+]?[0-9.eE]*")).map(Hostile::quote);
    }

    /** A field path of a start body and values of a type Jackson cannot turn into a valid one. */
    private record Mutation(String method, String path, Arbitrary<String> values) {}

    private static final List<Mutation> START_MUTATIONS = List.of(
            new Mutation(
                    "sms",
                    "identity",
                    Arbitraries.oneOf(
                            booleans(), numbers(), arrays(), strings().map(Hostile::quote), Arbitraries.just("null"))),
            new Mutation(
                    "sms",
                    "identity.type",
                    Arbitraries.oneOf(
                            booleans(),
                            numbers(),
                            arrays(),
                            objects(),
                            Arbitraries.of("null", "\"email\"", "\"NUMBER\"", "\"\""))),
            new Mutation(
                    "sms",
                    "identity.endpoint",
                    Arbitraries.oneOf(booleans(), numbers(), arrays(), objects(), Arbitraries.just("null"))),
            new Mutation(
                    "sms",
                    "method",
                    Arbitraries.oneOf(
                            booleans(),
                            numbers(),
                            arrays(),
                            objects(),
                            Arbitraries.of("null", "\"\"", "\"seamless \""),
                            strings()
                                    .filter(s -> dev.verigate.model.VerificationMethod.parse(s)
                                            .isEmpty())
                                    .map(Hostile::quote))),
            new Mutation("sms", "reference", Arbitraries.oneOf(arrays(), objects())),
            new Mutation("sms", "custom", Arbitraries.oneOf(arrays(), objects())),
            new Mutation("sms", "smsOptions", Arbitraries.oneOf(booleans(), numbers(), arrays(), nonNumericStrings())),
            new Mutation("sms", "smsOptions.expiry", Arbitraries.oneOf(booleans(), numbers(), arrays(), objects())),
            new Mutation("sms", "smsOptions.codeType", Arbitraries.oneOf(booleans(), numbers(), arrays(), objects())),
            new Mutation(
                    "flashcall",
                    "flashCallOptions",
                    Arbitraries.oneOf(booleans(), numbers(), arrays(), nonNumericStrings())),
            new Mutation(
                    "flashcall",
                    "flashCallOptions.dialTimeout",
                    Arbitraries.oneOf(
                            arrays(),
                            objects(),
                            nonNumericStrings(),
                            Arbitraries.of("4", "121", "-5", "0", "1e20", "99999999999"))),
            new Mutation(
                    "flashcall",
                    "flashCallOptions.interceptionTimeout",
                    Arbitraries.oneOf(
                            arrays(), objects(), nonNumericStrings(), Arbitraries.of("4", "121", "-1", "1e20"))),
            new Mutation(
                    "callout",
                    "calloutOptions.speech",
                    Arbitraries.oneOf(booleans(), numbers(), arrays(), nonNumericStrings())),
            new Mutation("callout", "calloutOptions.speech.locale", Arbitraries.oneOf(arrays(), objects(), numbers())),
            new Mutation(
                    "whatsapp",
                    "whatsappOptions.codeType",
                    Arbitraries.oneOf(booleans(), numbers(), arrays(), objects())));

    /** A start for {@code number} that would be valid but for one field of the wrong type or value. */
    static Arbitrary<String> wrongTypedStart(String number) {
        return Arbitraries.oneOf(START_MUTATIONS.stream()
                .map(m -> m.values()
                        .map(v -> JsonTree.start(m.method(), number)
                                .set(m.path(), v)
                                .toJson()))
                .toList());
    }

    private static final List<Mutation> REPORT_MUTATIONS = List.of(
            new Mutation(
                    "sms",
                    "method",
                    Arbitraries.oneOf(
                            booleans(),
                            numbers(),
                            arrays(),
                            objects(),
                            Arbitraries.of("null", "\"\"", "\"seamless\""))),
            new Mutation(
                    "sms",
                    "sms",
                    Arbitraries.oneOf(booleans(), numbers(), arrays(), nonNumericStrings(), Arbitraries.just("null"))),
            new Mutation(
                    "sms",
                    "sms.code",
                    Arbitraries.oneOf(
                            arrays(),
                            objects(),
                            booleans(),
                            Arbitraries.of("null", "\"\"", "\"12 34\"", "\"" + "1".repeat(100) + "\""))),
            new Mutation(
                    "flashcall",
                    "flashCall.cli",
                    Arbitraries.oneOf(arrays(), objects(), booleans(), Arbitraries.of("null", "\"call me\""))),
            new Mutation("callout", "callout", Arbitraries.oneOf(booleans(), numbers(), arrays(), nonNumericStrings())),
            new Mutation("whatsapp", "whatsapp.code", Arbitraries.oneOf(arrays(), objects(), booleans())));

    /** A report that would be valid but for one field of the wrong type or value. */
    static Arbitrary<String> wrongTypedReport() {
        return Arbitraries.oneOf(REPORT_MUTATIONS.stream()
                .map(m -> m.values()
                        .map(v -> JsonTree.report(m.method()).set(m.path(), v).toJson()))
                .toList());
    }

    // ---- huge and deep ------------------------------------------------------------------------------

    /**
     * A valid start with one unknown field nested deeper than Jackson's nesting limit (1000), as arrays
     * or objects; large depths also exceed the body limit.
     */
    static Arbitrary<byte[]> deepStart(String number) {
        return Combinators.combine(
                        Arbitraries.integers().between(1001, 60_000).edgeCases(c -> c.add(1001)),
                        Arbitraries.of("[", "{\"a\":"),
                        Arbitraries.of("head", "tail"))
                .as((depth, open, where) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String deep = open.repeat(depth) + "1" + close.repeat(depth);
                    String valid = JsonTree.start("sms", number).toJson();
                    String body = where.equals("head")
                            ? "{\"x\":" + deep + "," + valid.substring(1)
                            : valid.substring(0, valid.length() - 1) + ",\"x\":" + deep + "}";
                    return body.getBytes(StandardCharsets.UTF_8);
                });
    }

    /** Deep nesting with nothing around it. */
    static Arbitrary<byte[]> deepAlone() {
        return Combinators.combine(Arbitraries.integers().between(1001, 100_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> (open.repeat(depth) + (open.equals("[") ? "]" : "}").repeat(depth))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A valid start padded with an unknown field to more than {@code maxBytes}. */
    static Arbitrary<byte[]> hugeStart(String number, int maxBytes) {
        return Combinators.combine(
                        Arbitraries.integers().between(maxBytes + 1, 2_000_000).edgeCases(c -> c.add(maxBytes + 1)),
                        Arbitraries.of("string", "array", "keys"))
                .as((size, shape) -> {
                    String valid = JsonTree.start("sms", number).toJson();
                    String head = valid.substring(0, valid.length() - 1) + ",\"pad\":";
                    int room = size - head.length() - 1;
                    String pad = switch (shape) {
                        case "string" -> "\"" + "x".repeat(room - 2) + "\"";
                        case "array" ->
                            "[" + "0,".repeat((room - 2) / 2) + "0".repeat(room - 2 - 2 * ((room - 2) / 2)) + "]";
                        default ->
                            "{" + "\"k\":1".repeat(1) + ",\"k\":1".repeat((room - 7) / 6)
                                    + " ".repeat(room - 7 - 6 * ((room - 7) / 6)) + "}";
                    };
                    return (head + pad + "}").getBytes(StandardCharsets.UTF_8);
                });
    }

    /** A start whose values are too big for Jackson's limits although the body is small. */
    static Arbitrary<byte[]> oversizedValues(String number) {
        return Combinators.combine(
                        Arbitraries.integers().between(1001, 30_000),
                        Arbitraries.of("identity.endpoint", "custom", "method", "flashCallOptions.dialTimeout"))
                .as((digits, path) -> {
                    String method = path.startsWith("flash") ? "flashcall" : "sms";
                    return JsonTree.start(method, number)
                            .set(path, "9".repeat(digits))
                            .toJson()
                            .getBytes(StandardCharsets.UTF_8);
                });
    }

    // ---- invalid UTF-8 ------------------------------------------------------------------------------

    private static final List<byte[]> BAD_UTF8 = List.of(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xA0, (byte) 0xA1},
            new byte[] {(byte) 0xE2, 0x28, (byte) 0xA1},
            new byte[] {(byte) 0xE2, (byte) 0x82, 0x28},
            new byte[] {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
            new byte[] {(byte) 0xF0, (byte) 0x90, 0x28, (byte) 0xBC},
            new byte[] {(byte) 0xF8, (byte) 0xA1, (byte) 0xA1, (byte) 0xA1, (byte) 0xA1},
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xC1, (byte) 0xBF},
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0xC3});

    /** A valid start with an invalid UTF-8 sequence inside one of its string values or between tokens. */
    static Arbitrary<byte[]> invalidUtf8Start(String number) {
        return Combinators.combine(
                        Arbitraries.of(BAD_UTF8),
                        Arbitraries.of("custom", "reference", "endpoint", "method", "key", "between"))
                .as((bad, where) -> {
                    String body = "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                            + "@E\"},\"method\":\"sms@M\",\"custom\":\"a@Cb\",\"reference\":\"r@R\",\"k@K\":1@B}";
                    String marker = switch (where) {
                        case "custom" -> "@C";
                        case "reference" -> "@R";
                        case "endpoint" -> "@E";
                        case "method" -> "@M";
                        case "key" -> "@K";
                        default -> "@B";
                    };
                    String marked = body.replace(marker, "\u0001").replaceAll("@[CREMKB]", "");
                    int at = marked.indexOf('\u0001');
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(marked.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(bad);
                    out.writeBytes(marked.substring(at + 1).getBytes(StandardCharsets.UTF_8));
                    return out.toByteArray();
                });
    }

    // ---- E.164 --------------------------------------------------------------------------------------

    private static final List<String> BAD_NUMBERS = List.of(
            "",
            " ",
            "+",
            "++",
            "+ ",
            "+0",
            "00",
            "+00",
            "0046701234567",
            "+046701234567",
            "+0046701234567",
            "+46",
            "+4",
            "+1",
            "+46 701234567",
            " +46701234567",
            "+46701234567 ",
            "+46701234567\n",
            "\t+46701234567",
            "+46-70-123-45-67",
            "+46(70)1234567",
            "+46701234567x",
            "+4670123456a",
            "+46701234567;ext=1",
            "tel:+46701234567",
            "+46701234567\u0000",
            "+\u0664\u0666\u0667\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
            "+\uff14\uff16\uff17\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
            "+\u096a\u096c\u096d\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d",
            "\uff0b46701234567",
            "+46701234567\u200b",
            "\u202e+46701234567",
            "+4670\u00a01234567",
            "-46701234567",
            "+-46701234567",
            "+4670123456.7",
            "4.6701234567E10",
            "46701234567",
            "+46 70 123 45 67",
            "+4613",
            "+467012345678901234",
            "+99912345678",
            "+4670123456",
            "+" + "9".repeat(16),
            "+" + "4".repeat(21),
            "+" + "1".repeat(200),
            "+46701234567+46701234567",
            "+1 (555) 010-0000",
            "+15550100000",
            "+800",
            "+88",
            "+883",
            "+447812345678",
            "+447800000000",
            "+358401234567",
            "+358501234567",
            "+35840",
            "+46701234567/",
            "+46701234567%00",
            "%2B46701234567");

    /** The gateway's blocked destinations in the %test profile (application.properties). */
    private static final Pattern BLOCKED = Pattern.compile("\\+4478.*");

    private static final String BLOCKED_COUNTRY = "FI";

    /** True when the gateway would send a start to this number (valid and not blocked). */
    static boolean deliverable(String number) {
        try {
            E164 n = E164.parse(number);
            return !BLOCKED.matcher(n.number()).matches() && !BLOCKED_COUNTRY.equals(n.countryId());
        } catch (SinchException e) {
            return false;
        }
    }

    /**
     * E.164 edge cases: too short or long, letters, Unicode digits and pluses, leading zeros, '+'
     * alone, whitespace, invisible characters, unassigned ranges, and valid numbers in the blocked
     * prefix (+4478) or country (FI). None is deliverable.
     */
    static Arbitrary<String> badNumbers() {
        Arbitrary<String> digits =
                Arbitraries.strings().numeric().ofMaxLength(30).map(d -> "+" + d);
        Arbitrary<String> mutated = Combinators.combine(
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.oneOf(
                                Arbitraries.chars().all().map(String::valueOf),
                                Arbitraries.of(
                                        " ", "\t", "\u00a0", "\u200b", "a", "O", "l", "٣", "３", "+", "-", ".", "/", "0",
                                        "00")),
                        Arbitraries.of("insert", "replace", "drop-plus", "truncate"))
                .as((at, s, how) -> {
                    String valid = "+46701234567";
                    return switch (how) {
                        case "insert" -> valid.substring(0, at) + s + valid.substring(at);
                        case "replace" ->
                            valid.substring(0, at) + s + valid.substring(Math.min(at + 1, valid.length()));
                        case "drop-plus" -> valid.substring(1, Math.max(1, at));
                        default -> valid.substring(0, at);
                    };
                });
        Arbitrary<String> blocked = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofLength(8).map(d -> "+4478" + d),
                Arbitraries.strings().numeric().ofLength(7).map(d -> "+35840" + d),
                Arbitraries.strings().numeric().ofLength(7).map(d -> "+35850" + d));
        return Arbitraries.oneOf(Arbitraries.of(BAD_NUMBERS), digits, mutated, blocked)
                .filter(n -> !deliverable(n));
    }

    // ---- paths --------------------------------------------------------------------------------------

    private static final List<String> SEGMENTS = List.of(
            "",
            ".",
            "..",
            "%2e%2e",
            "%2E%2E%2F",
            "a%2Fb",
            "a%2fb",
            "%2F",
            "a;b",
            ";",
            "a;jsessionid=1",
            "%3B",
            "%00",
            "a%00b",
            "%zz",
            "%",
            "%%",
            "%u0041",
            "a\\b",
            "%5C",
            "~",
            "%C3%A9",
            "%F0%9F%98%80",
            "%C3%28",
            "%FF",
            "%ED%A0%80",
            "a?x=1",
            "a#b",
            "//",
            "%20",
            "+",
            "*",
            "'",
            "%22",
            "%3Cscript%3E",
            "$%7Bjndi:ldap://x/a%7D",
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "%252F",
            "%2e",
            "a/../b",
            "x/y",
            "id",
            "number",
            "reference",
            "sms",
            "é",
            "日本",
            "\u0130",
            "%E2%80%AE");

    /** A hostile path segment: known troublemakers, long runs, raw Unicode and random characters. */
    static Arbitrary<String> segments() {
        Arbitrary<String> known = Arbitraries.of(SEGMENTS);
        Arbitrary<String> longRun = Combinators.combine(
                        Arbitraries.of("a", "1", "-", "%41", "é", "%2F"),
                        Arbitraries.integers().between(65, 1500))
                .as(String::repeat);
        Arbitrary<String> random = Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars("é日€")
                .excludeChars('#', '?', '/')
                .ofMinLength(1)
                .ofMaxLength(80);
        return Arbitraries.oneOf(
                known,
                longRun,
                random,
                Combinators.combine(known, random, known).as((a, b, c) -> a + b + c));
    }

    // ---- headers ------------------------------------------------------------------------------------

    /** Authorization values that identify no one: wrong schemes, garbled credentials, public auth. */
    static Arbitrary<String> badAuthorization(String key) {
        Arbitrary<String> garbage = strings().filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        Arbitrary<String> b64 = Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(64)
                .map(b -> Base64.getEncoder().encodeToString(b));
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "Bearer abc",
                        "Digest username=\"a\"",
                        "Basic",
                        "Basic ",
                        "Basic ???",
                        "Basic Og==",
                        "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
                        "Application",
                        "Application ",
                        "Application " + key,
                        "Application :c2ln",
                        "Application " + key + ":",
                        "Application:" + key + ":c2ln",
                        "application" + key + ":c2ln",
                        "Applications " + key + ":c2ln",
                        "Application nobody:c2ln",
                        "Application " + key + "::",
                        "Application " + key + ": c2ln",
                        "Negotiate YII=",
                        "AWS4-HMAC-SHA256 Credential=x",
                        "Application " + key.toUpperCase() + ":c2ln"),
                garbage,
                Combinators.combine(Arbitraries.of("Basic ", "basic ", "BASIC "), b64)
                        .as(String::concat),
                Combinators.combine(Arbitraries.of("Application ", "application ", "APPLICATION "), garbage)
                        .as(String::concat),
                b64.map(s -> "Basic "
                        + Base64.getEncoder().encodeToString((key + ":" + s).getBytes(StandardCharsets.UTF_8))));
    }

    /** Content-Types that are not JSON (the gateway reads only application/json and application/*+json). */
    static Arbitrary<String> nonJsonContentTypes() {
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                "text/plain",
                                "application/xml",
                                "text/json",
                                "application/jsonx",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x",
                                "application/octet-stream",
                                "application/javascript",
                                "json",
                                "application",
                                "application/",
                                "*/*",
                                "text/html; charset=utf-8",
                                "application/json-patch",
                                "application/x-json",
                                " ",
                                "application/ json"),
                        strings().filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)))
                // Surrounding whitespace is trimmed by the server, changing what the signature covered.
                .filter(t -> !t.isBlank() && t.equals(t.strip()))
                .filter(t -> {
                    String media = t.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
                    return !media.equals("application/json")
                            && !(media.startsWith("application/") && media.endsWith("+json"));
                });
    }

    /** Idempotency-Key values the gateway must refuse (anything but 1-100 URL path characters). */
    static Arbitrary<String> badIdempotencyKeys() {
        Pattern ok = Pattern.compile("\"?[A-Za-z0-9._~!$&'()*+,=@-]{1,100}\"?");
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                "\"\"", "a b", "a/b", "a;b", "%41", "é", "x".repeat(101), "a\"b", "\"a", "a:b", "<a>"),
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .withChars("é€")
                                .ofMinLength(1)
                                .ofMaxLength(150))
                .filter(k -> !ok.matcher(k.strip()).matches() && !k.isBlank());
    }

    // ---- timestamps ---------------------------------------------------------------------------------

    /** x-timestamp values outside {@code maxSkew} of {@code now}, in the past and the future. */
    static Arbitrary<String> skewedTimestamps(Duration maxSkew) {
        Arbitrary<Long> seconds = Arbitraries.longs()
                .between(maxSkew.toSeconds() + 5, 200L * 365 * 24 * 3600)
                .edgeCases(c -> c.add(maxSkew.toSeconds() + 5));
        return Combinators.combine(seconds, Arbitraries.of(-1, 1), Arbitraries.of("Z", "+02:00", "-05:30", "nanos"))
                .as((s, sign, form) -> {
                    Instant at = Instant.now().plusSeconds(sign * s);
                    return switch (form) {
                        case "Z" -> at.toString();
                        case "nanos" -> at.plusNanos(123456789).toString();
                        default -> at.atOffset(java.time.ZoneOffset.of(form)).toString();
                    };
                });
    }

    /** x-timestamp values that are not ISO-8601 instants at all. */
    static Arbitrary<String> unparseableTimestamps() {
        String now = Instant.now().toString();
        String day = now.substring(0, 10);
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                " ",
                                "0",
                                String.valueOf(Instant.now().getEpochSecond()),
                                String.valueOf(Instant.now().toEpochMilli()),
                                day,
                                now.replace("Z", ""),
                                now.replace("T", " "),
                                day + "T10:00:00.1234567890Z",
                                "2026-02-30T10:00:00Z",
                                day + "T24:00:01Z",
                                day + "T23:59:60Z",
                                day + "T10:00Z+01:00",
                                "now",
                                "yesterday",
                                now.toLowerCase(),
                                now + "Z",
                                "+" + now,
                                day + "T10:00:00+25:00",
                                "Wed, 02 Dec 2026 10:00:00 GMT",
                                "\u0662\u0660\u0662\u0666" + now.substring(4),
                                now.replace('-', '/'),
                                "null",
                                "{}",
                                "-1"),
                        strings().filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !s.isBlank()))
                .filter(s -> {
                    try {
                        dev.verigate.signing.XTimestamp.parse(s);
                        return false;
                    } catch (java.time.DateTimeException e) {
                        return true;
                    }
                });
    }
}
