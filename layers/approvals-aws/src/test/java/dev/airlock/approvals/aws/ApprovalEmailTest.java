package dev.airlock.approvals.aws;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static dev.airlock.approvals.aws.ApprovalNotices.MASKER;
import static dev.airlock.approvals.aws.ApprovalNotices.NOW;
import static dev.airlock.approvals.aws.ApprovalNotices.canary;
import static dev.airlock.approvals.aws.ApprovalNotices.held;
import static dev.airlock.approvals.aws.ApprovalNotices.links;
import static dev.airlock.approvals.aws.ApprovalNotices.parse;
import static dev.airlock.approvals.aws.ApprovalNotices.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The approval email is a real MIME message that a mail library reads back. */
class ApprovalEmailTest {
    private final ApprovalEmail email = new ApprovalEmail("airlock@example.com", MASKER,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void build_isAnRfc5322MessageWithTextAndHtmlParts() throws Exception {
        ApprovalEmail.Message built = email.build(held(), List.of("public.customers"),
                links("alice", "alice@example.com"));

        MimeMessage message = parse(built.bytes());
        assertThat(message.getFrom()[0].toString()).isEqualTo("Airlock <airlock@example.com>");
        assertThat(message.getRecipients(RecipientType.TO)[0].toString()).isEqualTo("alice@example.com");
        assertThat(message.getSubject()).isEqualTo("Approval needed: DELETE on demo by ops-bot (request "
                + held().requestId() + ")");
        assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(message.getMessageID()).isEqualTo(built.messageId()).startsWith("<").endsWith("@example.com>");
        assertThat(message.isMimeType("multipart/alternative")).isTrue();

        String text = part(message, "text/plain");
        assertThat(text).contains("Request:   " + held().requestId(), "Agent:     ops-bot", "Target:    demo",
                "Risk:      WRITE", "Tables:    public.customers", "Policies:  customers-delete-needs-approval",
                "Decide by: 2026-11-24 11:00:00 UTC", "#1 = 42",
                "Approve: http://127.0.0.1:8080/approvals/" + held().requestId() + "?token=" + canary("alice", "approve"),
                "Deny:    http://127.0.0.1:8080/approvals/" + held().requestId() + "?token=" + canary("alice", "deny"));
        String html = part(message, "text/html");
        assertThat(html).contains("<a href=\"http://127.0.0.1:8080/approvals/" + held().requestId() + "?token="
                + canary("alice", "approve") + "\">Approve</a>", "public.customers", "ops-bot");
    }

    @Test
    void build_showsTheStatementAsTheAuditTrailKeepsIt() throws Exception {
        MimeMessage message = parse(email.build(held(), List.of(), links("alice", "alice@example.com")).bytes());

        assertThat(part(message, "text/plain")).contains("delete from customers where email = '[email]' and id = ?")
                .doesNotContain(ApprovalNotices.PERSONAL);
        assertThat(part(message, "text/html")).doesNotContain(ApprovalNotices.PERSONAL);
    }

    @Test
    void build_escapesTheAgentsTextInHtmlAndKeepsHeadersOnOneLine() throws Exception {
        var request = ApprovalNotices.summarised(new dev.airlock.core.model.PendingRequest(held().requestId(), "ops-bot",
                new dev.airlock.core.model.SqlRequest("démo\r\nBcc: evil@example.com",
                        "select '<script>alert(1)</script>'", List.of()),
                held().requestSha256(), dev.airlock.core.model.StatementKind.SELECT, held().risk(), held().policyIds(),
                held().approvals(), held().createdAt(), held().expiresAt()));

        ApprovalEmail.Message built = email.build(request, List.of(), links("alice", "alice@example.com"));
        MimeMessage message = parse(built.bytes());

        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getSubject()).contains("démo Bcc: evil@example.com");
        assertThat(part(message, "text/html")).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(new String(built.bytes(), StandardCharsets.US_ASCII)).doesNotContain("\nBcc:");
        assertThat(built.toString()).doesNotContain("token");
    }

    @Test
    void constructor_refusesASenderThatIsNotOnePlainAddress() {
        assertThatThrownBy(() -> new ApprovalEmail("Airlock <a@b.c>\r\nBcc: x@y.z", MASKER, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one plain address");
    }
}
