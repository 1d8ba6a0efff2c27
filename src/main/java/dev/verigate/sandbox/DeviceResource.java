package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.ReportResponse;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the handset side sees, without auth (a phone has no application secret): the inbox of messages
 * and calls delivered to a number, and the seamless (data) verification URL the device opens.
 */
@Path("/sandbox")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
class DeviceResource {

    private final VerificationStore store;
    private final ReceivedRequests received;
    private final Clock clock;

    DeviceResource(VerificationStore store, ReceivedRequests received, Clock clock) {
        this.store = store;
        this.received = received;
        this.clock = clock;
    }

    /** Newest first; {@code []} for a number nothing was delivered to. The '+' may be literal or %2B. */
    @GET
    @Path("/inbox/{number}")
    public List<InboxMessage> inbox(@PathParam("number") String number) {
        return store.inbox(E164.parse(normalize(number)).number());
    }

    /**
     * The start and report bodies that reached the sandbox for a number, newest first: what Sinch would have been
     * sent. Not a device's view: a test's, to see what the gateway forwarded, or that it forwarded nothing.
     */
    @GET
    @Path("/received/{number}")
    public List<ReceivedRequest> received(@PathParam("number") String number) {
        return received.of(E164.parse(normalize(number)).number());
    }

    /** The device reached the target URI over mobile data: a pending seamless verification succeeds. */
    @GET
    @Path("/seamless/{id}")
    public ReportResponse seamless(@PathParam("id") String id) {
        Instant now = clock.instant();
        store.byId(id, now)
                .filter(v -> v.method() == VerificationMethod.SEAMLESS)
                .orElseThrow(SinchException::notFound);
        return store.update(
                        id, now, v -> v.status() == Status.PENDING ? v.finish(Status.SUCCESSFUL, null, null, now) : v)
                .map(Answers::reported)
                .orElseThrow(SinchException::notFound);
    }

    /** Accepts a '+' that a form decoder turned into a space, and bare digits, for hand-typed URLs. */
    private static String normalize(String number) {
        String n = number.strip();
        return n.startsWith("+") ? n : "+" + n;
    }
}
