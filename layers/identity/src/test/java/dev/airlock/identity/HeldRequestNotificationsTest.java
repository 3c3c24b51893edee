package dev.airlock.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.identity.ApprovalLinkTokens.Action;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldRequestNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void notifyHeld_givesEachOtherApproverTheirOwnLinksOnce() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        MutableClock clock = new MutableClock(NOW);
        ApprovalLinkTokens tokens = new ApprovalLinkTokens(key, new GatewayPublicKeys(new JWKSet(key)),
                new InMemoryUsedLinks(clock), TokenSettings.LOCAL_DEFAULTS, clock);
        List<ApproverLinks> sent = new ArrayList<>();
        PendingRequest held = ApprovalLinkTokensTest.held("req-a", "a".repeat(64), NOW.plus(Duration.ofHours(1)));

        List<Approver> told = new HeldRequestNotifications(tokens, (request, tables, approvers) -> sent.addAll(approvers),
                URI.create("http://127.0.0.1:8080")).notifyHeld(held, List.of("public.orders"), List.of(
                new Approver("alice", "alice@example.com"), new Approver("ops-bot", "ops@example.com"),
                new Approver("alice", "alice@example.com"), new Approver("bob", "bob@example.com")));

        assertThat(told).extracting(Approver::id).containsExactly("alice", "bob");
        assertThat(sent).extracting(l -> l.approver().id()).containsExactly("alice", "bob");
        String bobApprove = sent.get(1).approve().getQuery().substring("token=".length());
        assertThat(tokens.redeem(bobApprove, held, Action.APPROVE).approverId()).isEqualTo("bob");
    }
}
