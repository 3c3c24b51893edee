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
    private static final Template TEMPLATE = template();

    /**
     * What the page shows.
     *
     * @param linkToken the approver's single-use link token, posted back with the decision;
     *                  null when the page is shown without one (then no buttons)
     * @param notice    a line at the top, for example the result of a decision; may be null
     */
    public record View(String requestId, String state, String agent, String target, String kind, String risk,
                       String statement, List<String> params, List<String> tables, List<String> policyIds,
                       int approvalsGiven, int approvalsNeeded, List<String> approvers, Instant expiresAt,
                       String approver, String linkToken, String notice) {
        public View {
            Objects.requireNonNull(requestId, "requestId");
            params = List.copyOf(params);
            tables = List.copyOf(tables);
            policyIds = List.copyOf(policyIds);
            approvers = List.copyOf(approvers);
        }

        /** Buttons only for a pending request and an approver holding a link. */
        public boolean decidable() {
            return "PENDING".equals(state) && linkToken != null && approver != null;
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

    private static Template template() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).build();
        try (InputStream in = ApprovalPage.class.getResourceAsStream("approval-page.html")) {
            String text = new String(Objects.requireNonNull(in, "approval-page.html").readAllBytes(),
                    StandardCharsets.UTF_8);
            return engine.parse(text, Variant.forContentType(Variant.TEXT_HTML));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
