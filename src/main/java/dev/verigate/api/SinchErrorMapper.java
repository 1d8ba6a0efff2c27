package dev.verigate.api;

import dev.verigate.model.SinchError;
import dev.verigate.model.SinchException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place typed failures become Sinch error bodies with Sinch's statuses. */
class SinchErrorMapper {

    @ServerExceptionMapper
    Response sinch(SinchException e) {
        Response.ResponseBuilder b =
                Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
        e.headers().forEach(b::header);
        return b.build();
    }

    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return error(404, 40400, "Requested resource was not found.");
    }

    @ServerExceptionMapper
    Response notAllowed(NotAllowedException e) {
        return error(405, 40500, "Method not allowed on this resource.");
    }

    @ServerExceptionMapper
    Response unsupported(NotSupportedException e) {
        return error(400, 40001, "Content-Type must be application/json.");
    }

    /** Last resort: never a stack trace or a non-Sinch body, and the cause is logged for operators. */
    @ServerExceptionMapper
    Response unexpected(RuntimeException e) {
        Log.error("Unexpected failure", e);
        return error(500, 50000, "Internal server error.");
    }

    private static Response error(int status, int code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(SinchError.of(code, message))
                .build();
    }
}
