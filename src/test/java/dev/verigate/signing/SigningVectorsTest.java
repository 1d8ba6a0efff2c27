package dev.verigate.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every vector of {@code signing-vectors.json} (a copy of shared/sinch/signing-vectors.json): the
 * consistent ones must sign and verify to the documented values, the published-but-inconsistent ones
 * must be rejected by the verifier.
 */
class SigningVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> vectors() throws IOException {
        try (InputStream in = SigningVectorsTest.class.getResourceAsStream("/signing-vectors.json")) {
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(in).get("vectors").forEach(list::add);
            return list;
        }
    }

    static Stream<JsonNode> consistent() throws IOException {
        return vectors().stream()
                .filter(v -> v.has("computed")
                        && v.path("computed").has("signature")
                        && !v.path("status").asText().contains("INCONSISTENT"));
    }

    static Stream<JsonNode> inconsistent() throws IOException {
        return vectors().stream().filter(v -> v.path("status").asText().contains("INCONSISTENT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistent")
    void signsConsistentVectorsToTheDocumentedValues(JsonNode v) {
        byte[] body = v.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        JsonNode computed = v.get("computed");
        assertEquals(computed.path("content_md5").asText(), Signatures.contentMd5(body));
        String toSign = Signatures.stringToSign(
                v.get("http_method").asText(),
                Signatures.contentMd5(body),
                v.get("content_type").asText(),
                v.get("x_timestamp").asText(),
                v.get("canonicalized_resource").asText());
        assertEquals(computed.get("string_to_sign").asText(), toSign);
        String signature = Signatures.sign(
                Signatures.decodeSecret(v.get("application_secret").asText()), toSign);
        assertEquals(computed.get("signature").asText(), signature);
        if (v.path("documented").has("signature")) {
            assertEquals(v.get("documented").get("signature").asText(), signature, "documented signature");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistent")
    void verifierAcceptsConsistentVectorsAndRejectsATamperedBody(JsonNode v) {
        Credential credential = Credential.of(
                v.get("application_key").asText(), v.get("application_secret").asText());
        String signature = v.get("computed").get("signature").asText();
        SignedRequest request = request(v, v.path("body").asText(""));
        assertTrue(request.verify(credential, signature));
        assertFalse(request(v, v.path("body").asText("") + " ").verify(credential, signature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistent")
    void verifierRejectsThePublishedInconsistentSignatures(JsonNode v) {
        Credential credential = Credential.of(
                v.get("application_key").asText(), v.get("application_secret").asText());
        String body = v.has("body")
                ? v.get("body").asText()
                : v.get("body_as_printed_approximately").asText();
        assertFalse(request(v, body)
                .verify(credential, v.get("documented").get("signature").asText()));
    }

    @Test
    void publishedCallbackSignatureOnlyVerifiesForTheAceResource() throws IOException {
        JsonNode v = vectors().stream()
                .filter(x -> x.get("id").asText().equals("doc-verification-callback-as-published"))
                .findFirst()
                .orElseThrow();
        // The documented MD5 with resource /sinch/callback/result signs to the "computed_with_documented_md5" value.
        String toSign = Signatures.stringToSign(
                "POST",
                v.get("documented").get("content_md5").asText(),
                "application/json",
                v.get("x_timestamp").asText(),
                "/sinch/callback/result");
        assertEquals(
                v.get("computed_with_documented_md5").get("signature").asText(),
                Signatures.sign(
                        Signatures.decodeSecret(v.get("application_secret").asText()), toSign));
    }

    @Test
    void basicAuthVectorMatchesTheRawSecret() throws IOException {
        JsonNode v = vectors().stream()
                .filter(x -> x.get("id").asText().equals("computed-basic-auth-header"))
                .findFirst()
                .orElseThrow();
        var header = (AuthorizationHeader.Basic)
                AuthorizationHeader.parse(v.get("expected_authorization").asText());
        assertEquals(v.get("application_key").asText(), header.key());
        assertEquals(v.get("application_secret").asText(), header.secret());
    }

    @Test
    void publicAuthVectorParsesAsPublic() throws IOException {
        JsonNode v = vectors().stream()
                .filter(x -> x.get("id").asText().equals("public-auth-header"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                AuthorizationHeader.parse(v.get("expected_authorization").asText())
                        instanceof AuthorizationHeader.Public);
    }

    private static SignedRequest request(JsonNode v, String body) {
        String ts = v.has("x_timestamp")
                ? v.get("x_timestamp").asText()
                : v.get("x_timestamp_header_value").asText();
        String ct = v.get("content_type").asText();
        return new SignedRequest(
                v.get("http_method").asText(),
                v.get("canonicalized_resource").asText(),
                null,
                ct,
                body.getBytes(StandardCharsets.UTF_8),
                ts);
    }
}
