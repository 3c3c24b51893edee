package dev.airlock.approvals.aws;

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
import dev.airlock.core.port.NotificationFailedException;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.InMemoryUsedLinks;
import dev.airlock.identity.TokenSettings;
import dev.airlock.masking.MaskingEngine;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.airlock.approvals.aws.ApprovalNotices.parse;
import static dev.airlock.approvals.aws.ApprovalNotices.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local notifier end to end with real link tokens and the real masking engine: an owner-only
 * {@code .eml} per approver whose links work once, a console line per approver with no token.
 */
class OutboxApprovalNotifierTest {
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_.-]+)");

    @TempDir
    Path dataDir;

    private final ECKey key = generate();
    private final ApprovalLinkTokens tokens = new ApprovalLinkTokens(key, new GatewayPublicKeys(new JWKSet(key)),
            new InMemoryUsedLinks(Clock.systemUTC()), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private OutboxApprovalNotifier notifier;

    @BeforeEach
    void setUp() {
        notifier = new OutboxApprovalNotifier(dataDir, new ApprovalEmail("airlock@localhost.localdomain",
                MaskingEngine.withDefaultDetectors(), Clock.systemUTC()),
                new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private Path dataDir() {
        return dataDir;
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PendingRequest held(String sql, List<Object> params) {
        Instant now = Instant.now();
        return ApprovalNotices.summarised(new PendingRequest("0193a5c4-7e1f-7000-8000-00000000000" + Math.abs(sql.hashCode() % 10), "ops-bot",
                new SqlRequest("demo", sql, params), "cd".repeat(32), StatementKind.DELETE, RiskClass.WRITE,
                List.of("deletes-need-approval"), List.of(ApprovalRequirement.defaults()), now, now.plusSeconds(3600)), MaskingEngine.withDefaultDetectors());
    }

    private List<ApproverLinks> links(PendingRequest request) {
        return tokens.links(request, List.of(new Approver("alice", "alice@example.com"),
                new Approver("carol", "carol@example.org")), URI.create("http://127.0.0.1:8080"));
    }

    private List<Path> emails() throws Exception {
        try (Stream<Path> files = Files.list(dataDir().resolve("outbox"))) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static List<String> tokensIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void notifyHeld_writesOneOwnerOnlyEmailPerApproverWhoseLinksWorkOnce() throws Exception {
        PendingRequest request = held("delete from orders where id = ?", List.of(7));

        notifier.notifyHeld(request, List.of("public.orders"), links(request));

        List<Path> files = emails();
        assertThat(files).hasSize(2);
        assertThat(Files.getPosixFilePermissions(dataDir().resolve("outbox")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (Path file : files) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        MimeMessage alice = parse(Files.readAllBytes(files.stream().filter(f -> f.toString().endsWith("-alice.eml"))
                .findFirst().orElseThrow()));
        assertThat(alice.getRecipients(RecipientType.TO)[0].toString()).isEqualTo("alice@example.com");
        String text = part(alice, "text/plain");
        assertThat(text).contains("delete from orders where id = ?", "#1 = [REDACTED]", "public.orders",
                "http://127.0.0.1:8080/approvals/" + request.requestId() + "?token=");

        List<String> links = tokensIn(text);
        assertThat(links).hasSize(3);
        String approve = links.get(0);
        assertThat(tokens.redeem(approve, request, ApprovalLinkTokens.Action.APPROVE).approverId()).isEqualTo("alice");
        assertThatThrownBy(() -> tokens.redeem(approve, request, ApprovalLinkTokens.Action.APPROVE))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("used already");
        assertThat(tokens.redeem(links.get(1), request, ApprovalLinkTokens.Action.DENY).action())
                .isEqualTo(ApprovalLinkTokens.Action.DENY);
    }

    @Test
    void notifyHeld_printsOneConsoleLinePerApproverWithThePageButNoLinkToken() throws Exception {
        PendingRequest request = held("delete from orders where id = ?", List.of(7));
        List<ApproverLinks> links = links(request);

        notifier.notifyHeld(request, List.of("public.orders"), links);

        String console = consoleBytes.toString(StandardCharsets.UTF_8);
        assertThat(console.lines().toList()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("alice <alice@example.com>", request.requestId(),
                        "DELETE on demo by ops-bot", "http://127.0.0.1:8080/approvals/" + request.requestId(),
                        dataDir().resolve("outbox").toString()))
                .anySatisfy(line -> assertThat(line).contains("carol <carol@example.org>"));
        assertThat(console).doesNotContain("token=");
        for (ApproverLinks approver : links) {
            for (URI link : List.of(approver.view(), approver.approve(), approver.deny())) {
                String token = link.getQuery().substring("token=".length());
                assertThat(console).doesNotContain(token);
                // No part of a token either: not its signature, not its claims.
                for (String segment : token.split("\\.")) {
                    assertThat(console).doesNotContain(segment);
                }
            }
        }
    }

    @Test
    void notifyHeld_neverPutsPersonalDataFromTheStatementInTheEmail() throws Exception {
        PendingRequest request = held("update users set password = 'hunter2' where email = 'bob@example.com'",
                List.of());
        PendingRequest byEmail = held("delete from customers where email = 'dana.smith@example.net' and id = ?",
                List.of("+1 415 555 0142"));

        notifier.notifyHeld(request, List.of("public.users"), links(request).subList(0, 1));
        notifier.notifyHeld(byEmail, List.of("public.customers"), links(byEmail).subList(0, 1));

        for (Path file : emails()) {
            MimeMessage message = parse(Files.readAllBytes(file));
            for (String body : List.of(part(message, "text/plain"), part(message, "text/html"))) {
                assertThat(body).doesNotContain("hunter2", "bob@example.com", "dana.smith@example.net",
                        "415 555 0142");
            }
        }
        assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).doesNotContain("hunter2", "bob@example.com",
                "dana.smith");
    }

    @Test
    void notifyHeld_whenTheOutboxCannotBeWritten_failsSayingWhere() throws Exception {
        Files.writeString(dataDir().resolve("outbox"), "a file, not a folder");
        PendingRequest request = held("delete from orders where id = ?", List.of(7));

        assertThatThrownBy(() -> notifier.notifyHeld(request, List.of(), links(request)))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("outbox").hasMessageContaining("writable")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token="));
    }
}
