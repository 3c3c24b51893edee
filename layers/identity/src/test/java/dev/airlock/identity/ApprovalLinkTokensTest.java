package dev.airlock.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.ApprovalLinkTokens.Action;
import dev.airlock.identity.ApprovalLinkTokens.VerifiedLink;
import dev.airlock.testing.MutableClock;
import dev.airlock.testing.Race;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Approval links: bound to one request, its hash, one approver and one action; once; before the deadline. */
class ApprovalLinkTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final ECKey key = generate();
    private final MutableClock clock = new MutableClock(NOW);
    private final ApprovalLinkTokens links = tokens(key, new InMemoryUsedLinks(clock));

    private static final PendingRequest A = held("req-a", "a".repeat(64), NOW.plus(Duration.ofHours(1)));
    private static final PendingRequest B = held("req-b", "b".repeat(64), NOW.plus(Duration.ofHours(1)));

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ApprovalLinkTokens tokens(ECKey signingKey, UsedLinks used) {
        return new ApprovalLinkTokens(signingKey, new GatewayPublicKeys(new JWKSet(key)), used,
                TokenSettings.LOCAL_DEFAULTS, clock);
    }

    static PendingRequest held(String id, String sha, Instant expiresAt) {
        return new PendingRequest(id, "ops-bot", new SqlRequest("demo", "delete from orders where id = ?", List.of(7)),
                sha, StatementKind.DELETE, RiskClass.WRITE, List.of("orders-delete-needs-approval"),
                List.of(ApprovalRequirement.defaults()), NOW, expiresAt);
    }

    private void assertRefused(ThrowingCall call, String token, String reason) {
        assertThatThrownBy(call::run).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void redeem_whenTheLinkMatchesTheHeldRequest_namesTheApproverAndAction() throws Exception {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();

        VerifiedLink link = links.redeem(token, A, Action.APPROVE);

        assertThat(link.requestId()).isEqualTo("req-a");
        assertThat(link.approverId()).isEqualTo("alice");
        assertThat(link.action()).isEqualTo(Action.APPROVE);
        assertThat(link.expiresAt()).isEqualTo(A.expiresAt());
    }

    @Test
    void issue_neverOutlivesTheRequestsDeadline() {
        PendingRequest soon = held("req-soon", "c".repeat(64), NOW.plusSeconds(90).plusMillis(700));

        assertThat(links.issue(soon, "alice", Action.APPROVE, Duration.ofHours(5)).expiresAt())
                .isEqualTo(NOW.plusSeconds(90));
        assertThat(links.issue(A, "alice", Action.APPROVE, Duration.ofMinutes(10)).expiresAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThatThrownBy(() -> links.issue(held("gone", "d".repeat(64), NOW.minusSeconds(1)), "alice",
                Action.APPROVE, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
    }

    @Test
    void redeem_whenUsedTwice_refusesTheSecondUse() throws Exception {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();
        links.redeem(token, A, Action.APPROVE);

        assertRefused(() -> links.redeem(token, A, Action.APPROVE), token, "used already");
    }

    @Test
    void redeem_whenManyRaceWithOneLink_exactlyOneSucceeds() throws Exception {
        String token = links.issue(A, "alice", Action.DENY, null).token();
        long winners = Race.winners(32, () -> {
            try {
                links.redeem(token, A, Action.DENY);
                return true;
            } catch (TokenRejectedException e) {
                return false;
            }
        });

        assertThat(winners).isEqualTo(1);
    }

    @Test
    void check_doesNotUseTheLinkUp() throws Exception {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();

        links.check(token, A, Action.VIEW);
        links.check(token, A, Action.APPROVE);

        assertThat(links.redeem(token, A, Action.APPROVE).approverId()).isEqualTo("alice");
    }

    @Test
    void redeem_whenExpired_refuses() {
        String token = links.issue(A, "alice", Action.APPROVE, Duration.ofMinutes(5)).token();
        clock.advance(Duration.ofMinutes(6));

        assertRefused(() -> links.redeem(token, A, Action.APPROVE), token, "has expired");
    }

    @Test
    void redeem_whenTheRequestsDeadlineHasPassed_refuses() {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();
        clock.set(A.expiresAt().plusSeconds(5));

        assertRefused(() -> links.redeem(token, A, Action.APPROVE), token, "past its approval deadline");
    }

    @Test
    void redeem_whenALinkForAIsUsedOnB_refuses() {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();

        assertRefused(() -> links.redeem(token, B, Action.APPROVE), token, "for another request, not req-b");
    }

    @Test
    void redeem_whenTheHeldRequestsSha256Differs_refuses() {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();
        PendingRequest altered = held("req-a", "e".repeat(64), A.expiresAt());

        assertRefused(() -> links.redeem(token, altered, Action.APPROVE), token, "SHA-256 differs");
    }

    @Test
    void redeem_whenTheActionDiffers_refuses() throws Exception {
        String deny = links.issue(A, "alice", Action.DENY, null).token();
        String view = links.issue(A, "alice", Action.VIEW, null).token();

        assertRefused(() -> links.redeem(deny, A, Action.APPROVE), deny, "deny link; it cannot approve");
        assertRefused(() -> links.redeem(view, A, Action.DENY), view, "view link; it cannot deny");
        assertThat(links.check(view, A, Action.VIEW).action()).isEqualTo(Action.VIEW);
    }

    @Test
    void redeem_whenTheTokenWasTampered_refuses() {
        String token = links.issue(A, "alice", Action.DENY, null).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"deny\"", "\"approve\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];

        assertRefused(() -> links.redeem(forged, A, Action.APPROVE), forged, "signature is not valid");
    }

    @Test
    void redeem_whenSignedByAKeyTheGatewayDoesNotPublish_refuses() {
        String token = tokens(generate(), new InMemoryUsedLinks(clock)).issue(A, "alice", Action.APPROVE, null)
                .token();

        assertRefused(() -> links.redeem(token, A, Action.APPROVE), token, "key this gateway does not know");
    }

    @Test
    void redeem_whenGivenAGatewayToken_refuses() {
        String gatewayToken = new GatewayTokenIssuer(key, TokenSettings.LOCAL_DEFAULTS, clock).issue("alice", null)
                .token();

        assertRefused(() -> links.redeem(gatewayToken, A, Action.APPROVE), gatewayToken,
                "not an approval link token");
    }

    @Test
    void gatewayVerifier_whenGivenALinkToken_refusesIt() {
        String token = links.issue(A, "alice", Action.APPROVE, null).token();
        JwtTokenVerifier verifier = new JwtTokenVerifier(new JWKSet(key), TokenSettings.LOCAL_DEFAULTS, clock);

        assertRefused(() -> verifier.verify(token), token, "another audience");
    }

    @Test
    void redeem_whenGivenGarbageOrNothing_refusesWithAReason() {
        assertRefused(() -> links.redeem("", A, Action.APPROVE), "\u0000", "has no token");
        assertRefused(() -> links.redeem("not-a-jwt", A, Action.APPROVE), "not-a-jwt", "not a well-formed JWT");
        assertRefused(() -> links.redeem("x".repeat(9000), A, Action.APPROVE), "x".repeat(9000), "too long");
    }

    @Test
    void redeem_whenTheUsedLinksStoreFails_refusesRatherThanAllowAReplay() {
        ApprovalLinkTokens failing = tokens(key, (linkId, until) -> {
            throw new IllegalStateException("store down");
        });
        String token = failing.issue(A, "alice", Action.APPROVE, null).token();

        assertRefused(() -> failing.redeem(token, A, Action.APPROVE), token, "cannot record its use");
    }

    @Test
    void links_pointAtTheRequestsPageAndPrintWithoutTokens() throws Exception {
        ApproverLinks mine = links.links(A, new Approver("alice", "alice@example.com"),
                URI.create("http://127.0.0.1:8080/"));

        assertThat(mine.approve().toString()).startsWith("http://127.0.0.1:8080/approvals/req-a?token=ey");
        assertThat(mine.page()).isEqualTo(URI.create("http://127.0.0.1:8080/approvals/req-a"));
        assertThat(mine.toString()).doesNotContain("token");
        String approve = mine.approve().getQuery().substring("token=".length());
        String deny = mine.deny().getQuery().substring("token=".length());
        assertThat(links.check(approve, A, Action.APPROVE).approverId()).isEqualTo("alice");
        assertThat(links.check(deny, A, Action.DENY).action()).isEqualTo(Action.DENY);
        assertThat(links.check(mine.view().getQuery().substring(6), A, Action.VIEW).action()).isEqualTo(Action.VIEW);
    }
}
