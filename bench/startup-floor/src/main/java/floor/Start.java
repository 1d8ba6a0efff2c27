package floor;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Answers a start the way the nginx stub does: no auth, no limits, no upstream. */
@Path("/verification/v1/verifications")
public class Start {

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public String start(String body) {
        return "{\"id\":\"floor\",\"method\":\"sms\"}";
    }
}
