package dev.airlock.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys of an issuer configured without {@code jwksUri}: on first use, its OpenID discovery
 * document names where they are, and only a document that names the same issuer is believed
 * (OpenID Connect Discovery 1.0, section 4.3). Discovery is not retried more than once per
 * interval, so an issuer that is down is not asked for every token; once found, the keys
 * come through the caching JWK source that {@code build} makes.
 */
final class DiscoveredJwkSource implements JWKSource<SecurityContext> {
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

    private final String issuer;
    private final ResourceRetriever retriever;
    private final Function<URL, JWKSource<SecurityContext>> build;
    private final Clock clock;
    private volatile JWKSource<SecurityContext> keys;
    private Instant lastFailure;

    DiscoveredJwkSource(String issuer, ResourceRetriever retriever, Function<URL, JWKSource<SecurityContext>> build,
                        Clock clock) {
        this.issuer = issuer;
        this.retriever = retriever;
        this.build = build;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSource<SecurityContext> found = keys;
        return (found != null ? found : discover()).get(selector, context);
    }

    private synchronized JWKSource<SecurityContext> discover() throws KeySourceException {
        if (keys != null) {
            return keys;
        }
        Instant now = clock.instant();
        if (lastFailure != null && now.isBefore(lastFailure.plus(RETRY_INTERVAL))) {
            throw new KeySourceException("Discovery of " + issuer + " failed less than "
                    + RETRY_INTERVAL.toSeconds() + " s ago");
        }
        try {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            URL document = URI.create(base + "/.well-known/openid-configuration").toURL();
            Map<String, Object> metadata = JSONObjectUtils.parse(retriever.retrieveResource(document).getContent());
            if (!issuer.equals(metadata.get("issuer"))) {
                throw new KeySourceException("The discovery document of " + issuer + " names another issuer");
            }
            if (!(metadata.get("jwks_uri") instanceof String jwksUri) || !TrustedIssuer.fetchable(new URI(jwksUri))) {
                throw new KeySourceException("The discovery document of " + issuer + " has no https jwks_uri");
            }
            keys = build.apply(new URI(jwksUri).toURL());
            return keys;
        } catch (KeySourceException e) {
            lastFailure = now;
            throw e;
        } catch (IOException | ParseException | URISyntaxException | IllegalArgumentException e) {
            lastFailure = now;
            throw new KeySourceException("Discovery of " + issuer + " failed: " + e.getMessage(), e);
        }
    }
}
