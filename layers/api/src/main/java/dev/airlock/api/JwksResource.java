package dev.airlock.api;

import dev.airlock.identity.GatewayPublicKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /.well-known/jwks.json}: the public keys gateway tokens are signed with, current and
 * previous, so that API Gateway's JWT authorizer and any service can check tokens themselves.
 * Needs no token.
 */
@Path("/.well-known/jwks.json")
public class JwksResource {

    @Inject
    GatewayPublicKeys keys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.toJson(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=300").build();
    }
}
