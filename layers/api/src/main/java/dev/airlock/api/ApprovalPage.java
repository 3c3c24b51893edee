package dev.airlock.api;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The approval page at {@code /approvals/{id}}: what an approver needs to decide, on a phone as
 * well as a desk: who asks, the exact statement and parameters, its risk and tables, the
 * policies that asked for approval, who approved already, and Approve / Deny. Every value is
 * HTML-escaped: the statement is the agent's text.
 */
public final class ApprovalPage {
    private static final Engine ENGINE = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).build();
    private static final Template TEMPLATE = template("approval-page.html");
    private static final Template MESSAGE = template("approval-message.html");

    /**
     * What the page shows.
     *
     * @param linkToken the approver's single-use approve or deny link token, posted back with the
     *                  decision; null when there is nothing to decide with (then no button)
     * @param action    what the link allows: "approve" or "deny" (its one button), or null
     * @param notice    a line at the top, for example the result of a decision; may be null
     */
    public record View(String requestId, String state, String agent, String target, String kind, String risk,
                       String statement, List<String> params, List<String> tables, List<String> policyIds,
                       int approvalsGiven, int approvalsNeeded, List<String> approvers, Instant expiresAt,
                       String approver, String linkToken, String action, String notice) {
        public View {
            Objects.requireNonNull(requestId, "requestId");
            params = List.copyOf(params);
            tables = List.copyOf(tables);
            policyIds = List.copyOf(policyIds);
            approvers = List.copyOf(approvers);
        }

        /** A button only for a pending request and an approver holding an approve or deny link. */
        public boolean decidable() {
            return "PENDING".equals(state) && linkToken != null && approver != null && action != null;
        }

        public boolean canApprove() {
            return decidable() && "approve".equals(action);
        }

        public boolean canDeny() {
            return decidable() && "deny".equals(action);
        }

        @Override
        public String toString() {
            return "View[requestId=" + requestId + ", state=" + state + ", approver=" + approver + "]";
        }
    }

    private ApprovalPage() {
    }

    public static String render(View view) {
        return TEMPLATE.data("view", view).render();
    }

    /** A page with one message: an unknown request, a link that cannot be used. */
    public static String message(String text) {
        return MESSAGE.data("message", text).render();
    }

    private static Template template(String name) {
        try (InputStream in = ApprovalPage.class.getResourceAsStream(name)) {
            String text = new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
            return ENGINE.parse(text, Variant.forContentType(Variant.TEXT_HTML));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
