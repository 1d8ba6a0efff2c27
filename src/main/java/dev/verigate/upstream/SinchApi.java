package dev.verigate.upstream;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Sinch Verification operations Verigate sends (a report by identity goes out by id: the app's latest
 * verification of that number is known from its ownership records). Bodies go out as the exact JSON bytes the
 * facade wrote (the signature covers their MD5) and come back as bytes, so errors are relayed unchanged.
 * {@link UpstreamSigningFilter} signs every call with the key named in {@link #SIGN_AS}.
 */
@RegisterRestClient(configKey = "sinch")
@RegisterProvider(UpstreamSigningFilter.class)
@RegisterProvider(UpstreamBodyReader.class)
@Path("/verification/v1/verifications")
@Produces(MediaType.APPLICATION_JSON)
interface SinchApi {

    /** Internal header naming the application key to sign with; removed before the call leaves. */
    String SIGN_AS = "X-Verigate-Sign-As";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> start(
            @HeaderParam(SIGN_AS) String signAs, @HeaderParam("Accept-Language") String acceptLanguage, byte[] body);

    @PUT
    @Path("/id/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> reportById(@HeaderParam(SIGN_AS) String signAs, @PathParam("id") String id, byte[] body);

    @GET
    @Path("/id/{id}")
    Uni<RestResponse<byte[]>> statusById(@HeaderParam(SIGN_AS) String signAs, @PathParam("id") String id);

    @GET
    @Path("/{method}/number/{endpoint}")
    Uni<RestResponse<byte[]>> statusByIdentity(
            @HeaderParam(SIGN_AS) String signAs,
            @PathParam("method") String method,
            @PathParam("endpoint") String endpoint);

    @GET
    @Path("/reference/{reference}")
    Uni<RestResponse<byte[]>> statusByReference(
            @HeaderParam(SIGN_AS) String signAs, @PathParam("reference") String reference);
}
