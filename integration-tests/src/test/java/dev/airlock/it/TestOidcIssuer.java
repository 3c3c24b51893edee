package dev.airlock.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CI system's OIDC provider in miniature: an RSA key, its JWK set served on a free loopback
 * port, and GitHub Actions-style id tokens signed with it.
 */
final class TestOidcIssuer implements AutoCloseable {
    static final String AUDIENCE = "airlock";

    private final HttpServer server;
    private final RSAKey key;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    private TestOidcIssuer(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    static TestOidcIssuer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestOidcIssuer issuer = new TestOidcIssuer(server, key);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks", exchange -> {
                issuer.jwksFetches.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String jwksUri() {
        return issuer() + "/.well-known/jwks";
    }

    RSAKey key() {
        return key;
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    /** The claims a workflow run in {@code repository} on {@code ref} gets, valid for five minutes. */
    JWTClaimsSet.Builder ciClaims(String repository, String ref) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE)
                .subject("repo:" + repository + ":ref:" + ref).claim("repository", repository).claim("ref", ref)
                .jwtID("run-" + System.nanoTime()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
