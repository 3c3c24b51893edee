package dev.airlock.approvals.aws;

import dev.airlock.aws.support.AwsClients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.port.NotificationFailedException;
import dev.airlock.testing.MotoServer;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;




import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.airlock.approvals.aws.ApprovalNotices.MASKER;
import static dev.airlock.approvals.aws.ApprovalNotices.canary;
import static dev.airlock.approvals.aws.ApprovalNotices.held;
import static dev.airlock.approvals.aws.ApprovalNotices.links;
import static dev.airlock.approvals.aws.ApprovalNotices.parse;
import static dev.airlock.approvals.aws.ApprovalNotices.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Approval emails through moto_server's SES v2: one raw message to each approver, no link in the log. */
class SesApprovalNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MotoServer moto;
    private static SesV2Client ses;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        ses = AwsClients.emulator(SesV2Client.builder(), moto.endpoint());
    }

    @AfterAll
    static void stop() {
        ses.close();
        moto.close();
    }

    private static SesApprovalNotifier notifier(String from) {
        return new SesApprovalNotifier(ses, new ApprovalEmail(from, MASKER, Clock.systemUTC()), null);
    }

    /** Raw messages moto's SES holds, as its data.json lists them. */
    private static List<JsonNode> sentMessages() throws Exception {
        JsonNode data = JSON.readTree(moto.get("/moto-api/data.json"));
        List<JsonNode> messages = new ArrayList<>();
        for (String service : List.of("ses", "sesv2")) {
            data.path(service).path("RawMessage").forEach(messages::add);
        }
        return messages;
    }

    @Test
    void notifyHeld_sendsEachApproverTheirOwnEmailAndLogsNoLink() throws Exception {
        ses.createEmailIdentity(b -> b.emailIdentity("airlock@example.com"));
        List<String> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(SesApprovalNotifier.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getParameters() == null ? record.getMessage()
                        : MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            notifier("airlock@example.com").notifyHeld(held(), List.of("public.customers"),
                    List.of(links("alice", "alice@example.com"), links("carol", "carol@example.org")));
        } finally {
            logger.removeHandler(capture);
        }

        List<JsonNode> sent = sentMessages();
        assertThat(sent).hasSize(2);
        List<String> recipients = new ArrayList<>();
        for (JsonNode raw : sent) {
            assertThat(raw.path("source").asText()).isEqualTo("airlock@example.com");
            MimeMessage message = parse(raw.path("raw_data").asText().getBytes(StandardCharsets.UTF_8));
            String to = message.getRecipients(RecipientType.TO)[0].toString();
            recipients.add(to);
            String approver = to.substring(0, to.indexOf('@'));
            assertThat(part(message, "text/plain")).contains(canary(approver, "approve"), canary(approver, "deny"))
                    .doesNotContain(canary(approver.equals("alice") ? "carol" : "alice", "approve"));
        }
        assertThat(recipients).containsExactlyInAnyOrder("alice@example.com", "carol@example.org");

        assertThat(logged).hasSize(2).allSatisfy(line -> assertThat(line).contains(held().requestId())
                .doesNotContain("token=", "LINKCANARY"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("alice"));
    }

    @Test
    void notifyHeld_whenTheSenderIsNotVerified_failsNamingTheApprovers() {
        assertThatThrownBy(() -> notifier("stranger@unverified.example").notifyHeld(held(), List.of(),
                List.of(links("alice", "alice@example.com"))))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("to alice").hasMessageContaining("verified SES identity")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("LINKCANARY"));
    }
}
