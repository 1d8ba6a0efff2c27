package floor;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** Trains the floor app's AOT cache on its one path, as the gateway's ITs train the gateway's. */
@QuarkusIntegrationTest
class StartIT {

    @Test
    void answersStarts() {
        for (int i = 0; i < 200; i++) {
            given().contentType("application/json").body("{\"identity\":{}}")
                    .post("/verification/v1/verifications")
                    .then().statusCode(200);
        }
    }
}
