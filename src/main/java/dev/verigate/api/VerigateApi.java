package dev.verigate.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description at /q/openapi: Sinch's Verification API as Verigate serves it. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Verigate",
                        version = "1",
                        description =
                                "The Sinch Verification API, served by Verigate: same paths, bodies and error bodies "
                                        + "({errorCode, message, reference}). Authenticate with the key/secret Verigate issued to your "
                                        + "app, as a Sinch application-signed request (what every Sinch SDK sends: Authorization: "
                                        + "Application <key>:<HMAC-SHA256 signature> with an x-timestamp header) or, where allowed, "
                                        + "Basic. Rejections carry Retry-After; every answer carries RateLimit-Policy and RateLimit."),
        components =
                @Components(
                        securitySchemes = {
                            @SecurityScheme(
                                    securitySchemeName = "application-signed",
                                    type = SecuritySchemeType.APIKEY,
                                    in = SecuritySchemeIn.HEADER,
                                    apiKeyName = "Authorization",
                                    description =
                                            "Application <key>:Base64(HMAC-SHA256(Base64Decode(secret), VERB\\nContent-MD5\\n"
                                                    + "Content-Type\\nx-timestamp:<value>\\n<path>)), with the x-timestamp header (ISO-8601, "
                                                    + "within 15 minutes)"),
                            @SecurityScheme(
                                    securitySchemeName = "basic",
                                    type = SecuritySchemeType.HTTP,
                                    scheme = "basic",
                                    description = "key:secret, only for apps with allow-basic-auth")
                        }),
        security = {@SecurityRequirement(name = "application-signed"), @SecurityRequirement(name = "basic")})
public class VerigateApi extends Application {}
