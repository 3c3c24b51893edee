package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.TokenRejectedException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Approval link tokens: what the approve, deny and view links in an approver's email carry. Each
 * is an ES256 JWT signed with the gateway's key, naming one held request (its id and the SHA-256
 * of its frozen form), one approver and one action, expiring no later than the request's
 * approval deadline, with its own id ({@code jti}) so that it can be used once. It carries its
 * own {@code typ} ({@value #TYPE_NAME}) and audience ({@value #AUDIENCE}), so a link token is
 * never accepted as a gateway token (whose audience it lacks) and a gateway token is never
 * accepted as a link. Each refusal says which check failed, never what the token held.
 */
public final class ApprovalLinkTokens {
    static final String TYPE_NAME = "airlock-approval-link+jwt";
    public static final JOSEObjectType TYPE = new JOSEObjectType(TYPE_NAME);
    public static final String AUDIENCE = "airlock-approval-link";
    /** The longest a link may live, whatever the request's deadline. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    static final String REQUEST_CLAIM = "req";
    static final String SHA256_CLAIM = "req_sha256";
    static final String ACTION_CLAIM = "act";
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    /** What a link lets its approver do. */
    public enum Action {
        /** Open the request's page. */
        VIEW,
        /** Approve the request. */
        APPROVE,
        /** Deny the request. */
        DENY;

        public String claim() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action ofClaim(Object value) {
            for (Action action : values()) {
                if (action.claim().equals(value)) {
                    return action;
                }
            }
            return null;
        }
    }

    /** A signed link token; its {@code toString} leaves the token out. */
    public record IssuedLink(String token, String linkId, String approverId, Action action, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedLink[linkId=" + linkId + ", approverId=" + approverId + ", action=" + action
                    + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A link that passed every check: who may do what to which request. */
    public record VerifiedLink(String requestId, String approverId, Action action, String linkId,
                               Instant expiresAt) {
    }

    private record Signing(JWSSigner signer, String keyId) {
    }

    private final Supplier<Signing> signing;
    private final GatewayPublicKeys keys;
    private final UsedLinks used;
    private final String issuer;
    private final Duration clockSkew;
    private final Clock clock;

    /** Signs with a key held in memory. */
    public ApprovalLinkTokens(ECKey key, GatewayPublicKeys keys, UsedLinks used, TokenSettings settings,
                              Clock clock) {
        this(ecdsa(key), key.getKeyID(), keys, used, settings, clock);
    }

    /** Signs with the local gateway's current key file, following rotations. */
    public ApprovalLinkTokens(SigningKeyWatch watch, UsedLinks used, TokenSettings settings, Clock clock) {
        this.signing = () -> {
            ECKey key = watch.current();
            return new Signing(ecdsa(key), key.getKeyID());
        };
        this.keys = new GatewayPublicKeys(watch::publicKeys);
        this.used = Objects.requireNonNull(used, "used");
        this.issuer = settings.issuer();
        this.clockSkew = settings.clockSkew();
        this.clock = clock;
    }

    /** Signs through any ES256 signer, for example one whose private key never leaves KMS. */
    public ApprovalLinkTokens(JWSSigner signer, String keyId, GatewayPublicKeys keys, UsedLinks used,
                              TokenSettings settings, Clock clock) {
        if (!signer.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256)) {
            throw new IllegalArgumentException("Approval links are ES256; the signer cannot sign ES256");
        }
        Signing fixed = new Signing(signer, Objects.requireNonNull(keyId, "keyId"));
        this.signing = () -> fixed;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.used = Objects.requireNonNull(used, "used");
        this.issuer = settings.issuer();
        this.clockSkew = settings.clockSkew();
        this.clock = clock;
    }

    /**
     * Signs with whatever key {@code current} gives at each link, for example a KMS key reread
     * after a SnapStart restore; links are checked against {@code keys}.
     */
    public ApprovalLinkTokens(Supplier<SigningKey> current, GatewayPublicKeys keys, UsedLinks used,
                              TokenSettings settings, Clock clock) {
        Objects.requireNonNull(current, "current");
        this.signing = () -> {
            SigningKey key = current.get();
            return new Signing(key.signer(), key.keyId());
        };
        this.keys = Objects.requireNonNull(keys, "keys");
        this.used = Objects.requireNonNull(used, "used");
        this.issuer = settings.issuer();
        this.clockSkew = settings.clockSkew();
        this.clock = clock;
    }

    private static JWSSigner ecdsa(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The signing key cannot sign ES256", e);
        }
    }

    /**
     * Signs a link for one approver and one action on a held request.
     *
     * @param ttl how long the link lives, or null for until the request's approval deadline;
     *            never past that deadline nor longer than {@link #MAX_TTL}
     * @throws IllegalArgumentException when the request's deadline has passed or the ttl is not positive
     */
    public IssuedLink issue(PendingRequest held, String approverId, Action action, Duration ttl) {
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(approverId, "approverId");
        Objects.requireNonNull(action, "action");
        Instant now = clock.instant();
        if (held.expiresAt() == null || !now.isBefore(held.expiresAt())) {
            throw new IllegalArgumentException("Request " + held.requestId()
                    + " is past its approval deadline: no link can be issued for it.");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("An approval link lives at least 1 second.");
        }
        Instant expiresAt = earliest(held.expiresAt(), now.plus(ttl == null ? MAX_TTL : ttl), now.plus(MAX_TTL));
        // JWT times are whole seconds: round down so the link never outlives the deadline.
        expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
        Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("Request " + held.requestId()
                    + " is too close to its approval deadline for a link to be useful.");
        }
        String linkId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(approverId)
                .jwtID(linkId)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim(REQUEST_CLAIM, held.requestId())
                .claim(SHA256_CLAIM, held.requestSha256())
                .claim(ACTION_CLAIM, action.claim())
                .build();
        Signing with = signing.get();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.keyId()).type(TYPE)
                .build(), claims);
        try {
            jwt.sign(with.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing the approval link failed", e);
        }
        return new IssuedLink(jwt.serialize(), linkId, approverId, action, expiresAt);
    }

    /**
     * The approver's view, approve and deny links to the request's page on the gateway:
     * {@code <gateway>/approvals/<id>?token=<link token>}.
     *
     * @param gateway the gateway's base URL as approvers reach it, e.g. {@code http://127.0.0.1:8080}
     */
    public ApproverLinks links(PendingRequest held, Approver approver, URI gateway) {
        String base = gateway.toString().replaceAll("/+$", "") + "/approvals/"
                + URLEncoder.encode(held.requestId(), StandardCharsets.UTF_8).replace("+", "%20");
        return new ApproverLinks(approver,
                URI.create(base + "?token=" + issue(held, approver.id(), Action.VIEW, null).token()),
                URI.create(base + "?token=" + issue(held, approver.id(), Action.APPROVE, null).token()),
                URI.create(base + "?token=" + issue(held, approver.id(), Action.DENY, null).token()));
    }

    /** Links for each approver, in order. */
    public List<ApproverLinks> links(PendingRequest held, List<Approver> approvers, URI gateway) {
        return approvers.stream().map(approver -> links(held, approver, gateway)).toList();
    }

    /**
     * Checks a link against the request held under the id the page was opened for, without using
     * it up: for showing the page. A link for {@code APPROVE} or {@code DENY} also opens the page,
     * so {@code VIEW} accepts any action; {@code APPROVE} and {@code DENY} accept only their own.
     */
    public VerifiedLink check(String token, PendingRequest held, Action wanted) throws TokenRejectedException {
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(wanted, "wanted");
        SignedJWT jwt = parse(token);
        checkSignature(jwt);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException("The approval link's claims are not valid JSON.");
        }
        return checkClaims(claims, held, wanted);
    }

    /**
     * Checks the link as {@link #check} does and uses it up: a second use, here or on any other
     * instance sharing the {@link UsedLinks} store, is refused. For recording a decision.
     *
     * @param action {@code APPROVE} or {@code DENY}
     */
    public VerifiedLink redeem(String token, PendingRequest held, Action action) throws TokenRejectedException {
        if (action == Action.VIEW) {
            throw new IllegalArgumentException("Only approve and deny links are redeemed; view links open the page.");
        }
        VerifiedLink link = check(token, held, action);
        boolean first;
        try {
            first = used.claim(link.linkId(), link.expiresAt().plus(clockSkew));
        } catch (RuntimeException e) {
            throw new TokenRejectedException("The approval link cannot be used now: the gateway cannot record "
                    + "its use. Try again, or decide with ./airlock approvals.");
        }
        if (!first) {
            throw new TokenRejectedException("This approval link was used already; each link works once. Open "
                    + "the request with ./airlock approvals show " + held.requestId() + " to see its state.");
        }
        return link;
    }

    private static SignedJWT parse(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException("The approval link has no token.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("The token is too long to be an approval link token.");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException("The approval link's token is not a well-formed JWT.");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejectedException("The approval link's token is not signed; links are signed ES256.");
        }
        return jwt;
    }

    private void checkSignature(SignedJWT jwt) throws TokenRejectedException {
        JWSHeader header = jwt.getHeader();
        if (!TYPE.equals(header.getType())) {
            throw new TokenRejectedException("The token is not an approval link token (typ " + TYPE_NAME
                    + "); a gateway or bootstrap token cannot approve or deny a request.");
        }
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new TokenRejectedException("The approval link is signed with " + header.getAlgorithm()
                    + "; links are signed ES256.");
        }
        JWK jwk = header.getKeyID() == null ? null : keys.keys().getKeyByKeyId(header.getKeyID());
        if (!(jwk instanceof ECKey key)) {
            throw new TokenRejectedException("The approval link was signed by a key this gateway does not know.");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw new TokenRejectedException("The approval link's signature is not valid: it was altered.");
            }
        } catch (JOSEException e) {
            throw new TokenRejectedException("The approval link's signature cannot be verified.");
        }
    }

    private VerifiedLink checkClaims(JWTClaimsSet claims, PendingRequest held, Action wanted)
            throws TokenRejectedException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException("The approval link was issued by another issuer, not this gateway.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw new TokenRejectedException("The token is meant for another audience, not approval links.");
        }
        Instant now = clock.instant();
        TokenTimes.check(claims, now, clockSkew, MAX_TTL, "approval link");
        String approverId = claims.getSubject();
        String linkId = claims.getJWTID();
        if (approverId == null || approverId.isBlank() || linkId == null || linkId.isBlank()) {
            throw new TokenRejectedException("The approval link does not name an approver (sub) and a link id (jti).");
        }
        Object requestId = claims.getClaim(REQUEST_CLAIM);
        if (!held.requestId().equals(requestId)) {
            throw new TokenRejectedException("This approval link is for another request, not "
                    + held.requestId() + ".");
        }
        if (!held.requestSha256().equals(claims.getClaim(SHA256_CLAIM))) {
            throw new TokenRejectedException("This approval link was signed for a different form of request "
                    + held.requestId() + " (its SHA-256 differs from the request held now).");
        }
        Instant expiresAt = claims.getExpirationTime().toInstant();
        if (held.expiresAt() == null || !now.isBefore(held.expiresAt())) {
            throw new TokenRejectedException("Request " + held.requestId() + " is past its approval deadline ("
                    + held.expiresAt() + ").");
        }
        if (expiresAt.isAfter(held.expiresAt())) {
            throw new TokenRejectedException("The approval link outlives request " + held.requestId()
                    + "'s approval deadline; this gateway never issues such links.");
        }
        Action action = Action.ofClaim(claims.getClaim(ACTION_CLAIM));
        if (action == null) {
            throw new TokenRejectedException("The approval link names no known action (approve, deny or view).");
        }
        if (wanted != Action.VIEW && action != wanted) {
            throw new TokenRejectedException("This is a " + action.claim() + " link; it cannot " + wanted.claim()
                    + " the request.");
        }
        return new VerifiedLink(held.requestId(), approverId, action, linkId, expiresAt);
    }

    private static Instant earliest(Instant first, Instant... others) {
        Instant min = first;
        for (Instant other : others) {
            if (other.isBefore(min)) {
                min = other;
            }
        }
        return min;
    }

    @Override
    public String toString() {
        return "ApprovalLinkTokens[issuer=" + issuer + ", audience=" + AUDIENCE + "]";
    }
}
