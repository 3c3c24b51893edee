package dev.airlock.it;

import com.microsoft.playwright.Page;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An approver's path through the approval page, in headless Chromium: the link from the
 * notification in the outbox opens the page, the exact statement is there, Approve records the
 * decision, and the agent's execute call then runs the held statement. Screenshots are kept
 * under {@code integration-tests/target/screenshots/}.
 */
class ApprovalPageIT {
    @TempDir
    static Path dir;
    static Path dataDir;
    static LocalGateway gateway;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        dataDir = dir.resolve(".airlock");
        gateway = LocalGateway.start(dataDir);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String hold(long orderId) {
        HttpResponse<String> held = Agents.sql(gateway, "ops-bot", "delete from orders where id = ?", orderId);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
        return Agents.json(held).path("requestId").asText();
    }

    /** The approver's link of one kind ("Approve", "Deny", "Review") from their email in the outbox. */
    private static String link(String requestId, String approver, String kind) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            Path outbox = dataDir.resolve("outbox");
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> files = Files.list(outbox)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().contains(requestId)
                            && f.getFileName().toString().endsWith(approver + ".eml")).toList()) {
                        Matcher m = Pattern.compile(kind + ":\\s+(\\S+)").matcher(text(file));
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No " + kind + " link for " + approver + " on request " + requestId + " in the outbox");
    }

    private static String text(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return plainText(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    private static HttpResponse<String> execute(String requestId) {
        return Agents.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/requests/" + requestId + "/execute"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + Agents.token(dataDir, "ops-bot"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void approver_opensTheLinkSeesTheStatementApproves_thenTheAgentsExecuteRunsIt() throws Exception {
        String requestId = hold(11);
        Page page = chromium.phone();

        page.navigate(link(requestId, "alice", "Approve"));

        assertThat(page.textContent("#statement")).isEqualTo("delete from orders where id = ?");
        assertThat(page.textContent("#params")).isEqualTo("11");
        assertThat(page.textContent("#risk")).isEqualTo("write");
        assertThat(page.textContent("#tables")).contains("demo.public.orders");
        assertThat(page.textContent("#policies")).contains("ops-change-demo-with-approval");
        assertThat(page.textContent("#state")).isEqualTo("PENDING");
        Chromium.screenshot(page, "approval-page-pending");

        page.click("#approve");

        page.waitForSelector("#notice");
        assertThat(page.textContent("#notice")).contains("Approved by alice");
        assertThat(page.textContent("#state")).isEqualTo("APPROVED");
        assertThat(page.locator("#approve").count()).isZero();
        Chromium.screenshot(page, "approval-page-approved");

        HttpResponse<String> ran = execute(requestId);
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        assertThat(Agents.json(ran).path("rowsAffected").asLong(-1)).isEqualTo(1);
    }

    @Test
    void approveLink_worksOnce_evenFromTwoTabsOpenedBeforeTheFirstClick() throws Exception {
        String requestId = hold(12);
        String approve = link(requestId, "alice", "Approve");
        Page first = chromium.phone();
        Page second = chromium.phone();
        first.navigate(approve);
        second.navigate(approve);

        first.click("#approve");
        first.waitForSelector("#notice");
        second.click("#approve");
        second.waitForSelector("#notice");

        assertThat(first.textContent("#notice")).contains("Approved by alice");
        assertThat(second.textContent("#notice")).contains("used already");
        Chromium.screenshot(second, "approval-page-link-reused");
        Page reopened = chromium.phone();
        reopened.navigate(approve);
        assertThat(reopened.textContent("#state")).isEqualTo("APPROVED");
        assertThat(reopened.locator("#approve").count()).as("nothing left to click").isZero();
    }

    @Test
    void denyLink_needsAReason_thenNothingRuns() throws Exception {
        String requestId = hold(13);
        Page page = chromium.phone();
        page.navigate(link(requestId, "bob", "Deny"));

        page.fill("input[name=reason]", "not during the freeze");
        page.click("#deny");

        page.waitForSelector("#notice");
        assertThat(page.textContent("#notice")).contains("Denied by bob");
        assertThat(page.textContent("#state")).isEqualTo("DENIED");
        HttpResponse<String> refused = execute(requestId);
        assertThat(refused.statusCode()).isBetween(400, 499);
        assertThat(List.of(refused.headers().firstValue("Content-Type").orElse(""))).first().asString()
                .startsWith("application/problem+json");
    }

    @Test
    void tamperedLink_opensNoPage() throws Exception {
        String requestId = hold(14);
        String approve = link(requestId, "alice", "Approve");
        Page page = chromium.phone();

        com.microsoft.playwright.Response response = page.navigate(approve.substring(0, approve.length() - 4) + "AAAA");

        assertThat(response.status()).isEqualTo(401);
        assertThat(page.textContent("#notice")).contains("cannot be used");
        assertThat(page.locator("#approve").count()).isZero();
    }
}
