package dev.airlock.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalPageTest {

    private static ApprovalPage.View view(String state, String statement, String linkToken) {
        return view(state, statement, linkToken, "approve");
    }

    private static ApprovalPage.View view(String state, String statement, String linkToken, String action) {
        return new ApprovalPage.View("01a2-req", state, "ops-bot", "demo", "delete", "write", statement,
                List.of("3"), List.of("demo.public.orders"), List.of("ops-change-demo-with-approval"), 1, 2,
                List.of("alice"), Instant.parse("2026-11-25T11:00:00Z"), "bob", linkToken, action, null);
    }

    @Test
    void render_whenPendingWithAnApproveLink_showsTheExactRequestAndTheApproveButton() {
        String html = ApprovalPage.render(view("PENDING", "delete from orders where id = ?", "link-token-1"));

        assertThat(html).contains("ops-bot asks to run a delete on demo")
                .contains("<pre id=\"statement\">delete from orders where id = ?</pre>")
                .contains("<code>3</code>").contains("demo.public.orders").contains("ops-change-demo-with-approval")
                .contains("1 of 2: alice").contains("2026-11-25T11:00:00Z")
                .contains("id=\"approve\"").contains("Approve as bob").doesNotContain("id=\"deny\"")
                .contains("name=\"viewport\"");
    }

    @Test
    void render_whenPendingWithADenyLink_asksForAReasonAndShowsOnlyDeny() {
        String html = ApprovalPage.render(view("PENDING", "delete from orders where id = ?", "t", "deny"));

        assertThat(html).contains("id=\"deny\"").contains("name=\"reason\"").doesNotContain("id=\"approve\"");
    }

    @Test
    void message_escapesItsText() {
        assertThat(ApprovalPage.message("No request <b>x</b>")).contains("No request &lt;b&gt;x&lt;/b&gt;");
    }

    @Test
    void render_whenTheStatementHoldsMarkup_escapesIt() {
        String html = ApprovalPage.render(view("PENDING",
                "delete from orders where note = '</pre><script>alert(1)</script>'", "t"));

        assertThat(html).doesNotContain("<script>alert(1)</script>")
                .contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void render_whenDecidedOrWithoutLink_showsNoButtons() {
        assertThat(ApprovalPage.render(view("APPROVED", "delete from orders where id = ?", "t")))
                .doesNotContain("id=\"approve\"").contains(">APPROVED<");
        assertThat(ApprovalPage.render(view("PENDING", "delete from orders where id = ?", null)))
                .doesNotContain("id=\"approve\"").contains("./airlock approvals approve 01a2-req");
    }
}
