package dev.airlock.approvals.aws;

import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ResponseMasker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The email that asks one approver to decide on a held request: an RFC 5322 message with a
 * text/plain and a text/html part, both holding the request's summary and the approver's own
 * approve, deny and view links. The statement appears with every literal and parameter redacted
 * ({@link ResponseMasker#maskStatementBlind}): an email leaves Airlock's control, and any literal
 * may be a masked column's value. The approval page, behind the approver's link, shows the exact
 * text that runs. The same bytes go to the local outbox and to SES.
 */
public final class ApprovalEmail {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    private final String from;
    private final ResponseMasker masker;
    private final Clock clock;

    /** A built message: whom it goes to and its bytes. {@code toString} leaves the body (and its links) out. */
    public record Message(String to, String messageId, String subject, byte[] bytes) {
        @Override
        public String toString() {
            return "Message[to=" + to + ", messageId=" + messageId + ", subject=" + subject + "]";
        }
    }

    /**
     * @param from   the sender address, a plain {@code local@domain} (in AWS, an SES-verified identity)
     * @param masker masks the statement as the audit trail does
     */
    public ApprovalEmail(String from, ResponseMasker masker, Clock clock) {
        if (from == null || !ADDRESS.matcher(from).matches()) {
            throw new IllegalArgumentException("The notification sender must be one plain address such as "
                    + "airlock@example.com.");
        }
        this.from = from;
        this.masker = Objects.requireNonNull(masker, "masker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String from() {
        return from;
    }

    /** The subject line, also what the console prints: no statement text, no link. */
    public static String subject(PendingRequest request) {
        return oneLine("Approval needed: " + request.facts().kind() + " on " + request.target() + " by "
                + request.agentId() + " (request " + request.requestId() + ")");
    }

    public Message build(PendingRequest request, List<String> tables, ApproverLinks links) {
        Instant now = clock.instant();
        String domain = from.substring(from.indexOf('@') + 1);
        String messageId = "<" + UUID.randomUUID() + "." + request.requestId().replaceAll("[^A-Za-z0-9.-]", "")
                + "@" + domain + ">";
        String subject = subject(request);
        String boundary = "airlock-" + UUID.randomUUID();
        // The summary frozen with the request, masked as the audit trail keeps it.
        MaskedStatement statement = new MaskedStatement(request.summary().text(), request.summary().values());

        StringBuilder out = new StringBuilder();
        header(out, "From", "Airlock <" + from + ">");
        header(out, "To", links.approver().email());
        header(out, "Subject", encodedWord(subject));
        header(out, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)));
        header(out, "Message-ID", messageId);
        header(out, "MIME-Version", "1.0");
        header(out, "Auto-Submitted", "auto-generated");
        header(out, "X-Airlock-Request", oneLine(request.requestId()));
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out.append(CRLF);
        part(out, boundary, "text/plain", text(request, tables, links, statement));
        part(out, boundary, "text/html", html(request, tables, links, statement));
        out.append("--").append(boundary).append("--").append(CRLF);
        return new Message(links.approver().email(), messageId, subject, out.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(oneLine(value)).append(CRLF);
    }

    private static void part(StringBuilder out, String boundary, String type, String body) {
        out.append("--").append(boundary).append(CRLF);
        out.append("Content-Type: ").append(type).append("; charset=UTF-8").append(CRLF);
        out.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
        out.append(Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.getBytes(StandardCharsets.UTF_8))).append(CRLF);
    }

    /** RFC 2047: a subject with non-ASCII text (a target's name) travels base64-encoded. */
    private static String encodedWord(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t\\u0000-\\u001f\\u007f]+", " ");
    }

    private record Field(String label, String value) {
    }

    private static List<Field> summary(PendingRequest request, List<String> tables, MaskedStatement statement) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Request", request.requestId()));
        fields.add(new Field("Agent", request.agentId()));
        fields.add(new Field("Target", request.target()));
        fields.add(new Field("Kind", request.facts().kind()));
        fields.add(new Field("Risk", String.valueOf(request.risk())));
        fields.add(new Field("Tables", tables.isEmpty() ? "(none named)" : String.join(", ", tables)));
        fields.add(new Field("Policies", request.policyIds().isEmpty() ? "(none)" : String.join(", ", request.policyIds())));
        fields.add(new Field("Decide by", request.expiresAt() == null ? "(no deadline)" : READABLE.format(request.expiresAt())));
        fields.add(new Field("SHA-256", request.requestSha256()));
        if (!statement.params().isEmpty()) {
            List<String> numbered = new ArrayList<>();
            for (int i = 0; i < statement.params().size(); i++) {
                numbered.add("#" + (i + 1) + " = " + statement.params().get(i));
            }
            fields.add(new Field("Parameters", String.join(", ", numbered)));
        }
        return fields;
    }

    private static String text(PendingRequest request, List<String> tables, ApproverLinks links,
                               MaskedStatement statement) {
        StringBuilder body = new StringBuilder();
        body.append(request.agentId()).append(" asks to run a statement that policy holds for approval.\n\n");
        for (Field field : summary(request, tables, statement)) {
            body.append(String.format(Locale.ROOT, "%-11s%s%n", field.label() + ":", field.value()));
        }
        body.append("\nStatement (every literal and parameter redacted; the page behind your link shows it whole):\n\n");
        for (String line : statement.statement().split("\\R")) {
            body.append("    ").append(line).append('\n');
        }
        body.append("\nApprove: ").append(links.approve()).append('\n');
        body.append("Deny:    ").append(links.deny()).append('\n');
        body.append("Review:  ").append(links.view()).append("\n\n");
        body.append(footer(request, links)).append('\n');
        return body.toString().replace("\r\n", "\n").replace("\n", CRLF);
    }

    private static String footer(PendingRequest request, ApproverLinks links) {
        return "These links are for " + links.approver().id() + " only. Each works once and expires when the "
                + "request's approval window closes. A link opens the request's page, where you confirm. "
                + "Whoever holds a link can use it: do not forward this email. From a terminal: "
                + "./airlock approvals show " + request.requestId();
    }

    private static String html(PendingRequest request, List<String> tables, ApproverLinks links,
                               MaskedStatement statement) {
        StringBuilder body = new StringBuilder();
        body.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject(request))).append("</title></head>")
                .append("<body style=\"font-family:sans-serif;max-width:40em\">");
        body.append("<p><b>").append(escape(request.agentId()))
                .append("</b> asks to run a statement that policy holds for approval.</p><table>");
        for (Field field : summary(request, tables, statement)) {
            body.append("<tr><th align=\"left\">").append(escape(field.label())).append("</th><td>")
                    .append(escape(field.value())).append("</td></tr>");
        }
        body.append("</table><p>Statement (every literal and parameter redacted; the page behind your link shows it whole):</p><pre>")
                .append(escape(statement.statement())).append("</pre>");
        body.append("<p><a href=\"").append(escape(links.approve().toString())).append("\">Approve</a> &nbsp; ")
                .append("<a href=\"").append(escape(links.deny().toString())).append("\">Deny</a> &nbsp; ")
                .append("<a href=\"").append(escape(links.view().toString())).append("\">Review</a></p>");
        body.append("<p style=\"color:#555\">").append(escape(footer(request, links))).append("</p></body></html>");
        return body.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
