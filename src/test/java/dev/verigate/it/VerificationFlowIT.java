package dev.verigate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.verigate.it.PackagedJarResource.STARTS;
import static dev.verigate.it.PackagedJarResource.json;
import static dev.verigate.it.PackagedJarResource.wireMock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import dev.verigate.testsupport.TestSigner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (prod profile) through a whole verification: start, report, and the three status
 * lookups, each counted at the upstream and each upstream call signed with the gateway's own Sinch
 * credentials.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedJarResource.class)
class VerificationFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startReportAndStatusByIdNumberAndReference() throws Exception {
        SinchTestClient shop = PackagedJarResource.shop();
        String number = TestNumbers.next();
        String id = UUID.randomUUID().toString();
        String reference = "order-" + System.nanoTime();
        PackagedJarResource.createsOnStart(number, id);
        wireMock()
                .stubFor(put(urlEqualTo(STARTS + "/id/" + id))
                        .withRequestBody(matchingJsonPath("$.sms.code", equalTo("4711")))
                        .willReturn(json(200, "{\"id\":\"" + id + "\",\"method\":\"sms\",\"status\":\"SUCCESSFUL\"}")));
        String status =
                "{\"id\":\"" + id + "\",\"method\":\"sms\",\"status\":\"SUCCESSFUL\",\"reference\":\"shop:" + reference
                        + "\",\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"countryId\":\"SE\"}";
        wireMock().stubFor(get(urlEqualTo(STARTS + "/id/" + id)).willReturn(json(200, status)));
        String byReference = STARTS + "/reference/shop(:|%3A)" + reference;
        wireMock().stubFor(get(urlPathMatching(byReference)).willReturn(json(200, status)));

        JsonNode started = Flows.ok(shop.post(
                STARTS,
                "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number
                        + "\"},\"method\":\"sms\",\"reference\":\"" + reference + "\"}"));
        assertEquals(id, started.get("id").asText());
        List<LoggedRequest> starts = PackagedJarResource.startsFor(number);
        assertEquals(1, starts.size(), "one start reached Sinch");
        assertSignedByTheGateway(starts.get(0));
        assertEquals(
                "shop:" + reference,
                JSON.readTree(starts.get(0).getBodyAsString()).get("reference").asText(),
                "the app's reference goes to Sinch namespaced by the app");

        JsonNode report = Flows.ok(shop.put(STARTS + "/id/" + id, Flows.smsReport("4711")));
        assertEquals("SUCCESSFUL", report.get("status").asText());
        List<LoggedRequest> reports = wireMock().findAll(putRequestedFor(urlEqualTo(STARTS + "/id/" + id)));
        assertEquals(1, reports.size(), "one report reached Sinch");
        assertSignedByTheGateway(reports.get(0));

        JsonNode byId = Flows.ok(shop.get(STARTS + "/id/" + id));
        assertEquals("SUCCESSFUL", byId.get("status").asText());
        assertEquals(reference, byId.get("reference").asText(), "the app sees its own reference");
        assertEquals(
                id,
                Flows.ok(shop.get(STARTS + "/sms/number/" + number)).get("id").asText());
        assertEquals(
                2,
                wireMock()
                        .findAll(getRequestedFor(urlEqualTo(STARTS + "/id/" + id)))
                        .size(),
                "status by id, and by number resolved to the shop's own latest verification and asked by id");
        assertEquals(
                reference,
                Flows.ok(shop.get(STARTS + "/reference/" + reference))
                        .get("reference")
                        .asText());
        assertEquals(
                1,
                wireMock()
                        .findAll(getRequestedFor(urlPathMatching(byReference)))
                        .size());
        assertEquals(1, PackagedJarResource.startsFor(number).size(), "still one start: lookups never start");
    }

    @Test
    void anotherAppsVerificationIsA404ThatNeverReachesSinch() {
        String number = TestNumbers.next();
        String id = UUID.randomUUID().toString();
        PackagedJarResource.createsOnStart(number, id);
        Flows.ok(PackagedJarResource.shop()
                .post(
                        STARTS,
                        "{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"sms\"}"));
        int lookups = wireMock()
                .findAll(getRequestedFor(urlEqualTo(STARTS + "/id/" + id)))
                .size();

        var other = PackagedJarResource.tight().get(STARTS + "/id/" + id);
        assertEquals(404, other.status(), other::toString);
        assertEquals(40400, other.json().get("errorCode").asInt());
        assertEquals(
                lookups,
                wireMock()
                        .findAll(getRequestedFor(urlEqualTo(STARTS + "/id/" + id)))
                        .size());
    }

    /** Sinch sees the gateway's key and a valid signature over what it received. */
    static void assertSignedByTheGateway(LoggedRequest r) {
        TestSigner.assertSignedBy(
                r,
                PackagedJarResource.SINCH_KEY,
                PackagedJarResource.SINCH_SECRET,
                "signed with the gateway's Sinch secret");
    }
}
