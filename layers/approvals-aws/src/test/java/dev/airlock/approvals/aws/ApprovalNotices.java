package dev.airlock.approvals.aws;

import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.ResponseMasker;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A held request, approvers with links, a stand-in masker, and a MIME reader for the notifier tests. */
final class ApprovalNotices {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final String PERSONAL = "bob@example.com";

    private ApprovalNotices() {
    }

    static PendingRequest held() {
        return summarised(new PendingRequest("0193a5c4-7e1f-7000-8000-000000000001", "ops-bot",
                new SqlRequest("demo", "delete from customers where email = '" + PERSONAL + "' and id = ?",
                        List.of(42)),
                "ab".repeat(32), StatementKind.DELETE, RiskClass.WRITE, List.of("customers-delete-needs-approval"),
                List.of(ApprovalRequirement.defaults()), NOW, NOW.plusSeconds(3600)));
    }

    /**
     * The held request with the summary the pipeline freezes with it: here every literal and
     * parameter masked, as the stand-in masker masks a statement before policy has spoken.
     */
    static PendingRequest summarised(PendingRequest p) {
        return summarised(p, MASKER);
    }

    static PendingRequest summarised(PendingRequest p, ResponseMasker masker) {
        var statement = masker.maskStatementBlind((String) p.input().get("sql"), (List<Object>) p.input().get("params"));
        return new PendingRequest(p.requestId(), p.agentId(), p.operation(), p.requestSha256(), p.facts(),
                new dev.airlock.core.engine.MaskedSummary(statement.statement(), statement.params()), p.policyIds(),
                p.approvals(), p.createdAt(), p.expiresAt());
    }

    /** Links whose tokens are recognisable canaries. */
    static ApproverLinks links(String approverId, String email) {
        String base = "http://127.0.0.1:8080/approvals/" + held().requestId() + "?token=";
        return new ApproverLinks(new Approver(approverId, email), URI.create(base + canary(approverId, "view")),
                URI.create(base + canary(approverId, "approve")), URI.create(base + canary(approverId, "deny")));
    }

    static String canary(String approverId, String action) {
        return "eyJLINKCANARY." + approverId + "-" + action + ".c2lnbmF0dXJl";
    }

    /** Stands in for the masking engine: whatever it returns is what the email must show. */
    static final ResponseMasker MASKER = new ResponseMasker() {
        @Override
        public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String maskText(String text) {
            return text.replace(PERSONAL, "[email]");
        }

        @Override
        public MaskedStatement maskStatement(String sql, List<Object> params) {
            return new MaskedStatement(maskText(sql), params.stream().map(String::valueOf).toList());
        }

        @Override
        public Map<String, Integer> maskJson(InputStream in, OutputStream out, List<JsonMaskRule> rules) {
            throw new UnsupportedOperationException();
        }
    };

    static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    /** The text of the part of this type. */
    static String part(MimeMessage message, String type) throws Exception {
        Multipart multipart = (Multipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
