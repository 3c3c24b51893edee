package dev.airlock.approvals.aws;

import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalNotifier;
import dev.airlock.core.port.NotificationFailedException;
import dev.airlock.identity.OwnerOnlyFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Approver notifications for the local gateway: per approver, one console line and one
 * {@code .eml} file in {@code <data-dir>/outbox/}, the same RFC 5322 message SES would send
 * ({@link ApprovalEmail}); open it with any mail client, or read it as text.
 *
 * <p>The console line names the request, the approver and the request's page without a token;
 * the links, which are credentials, are only in the {@code .eml} file, readable by its owner
 * alone like the gateway's keys. The console of {@code ./airlock local} is often kept (a
 * terminal's scrollback, a CI log, a service journal) where a link must not end up, whereas
 * {@code ./airlock token} prints a token only to whoever asks for it.
 */
public final class OutboxApprovalNotifier implements ApprovalNotifier {
    public static final String FOLDER = "outbox";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path outbox;
    private final ApprovalEmail email;
    private final PrintStream console;
    private final Clock clock;

    /**
     * @param dataDir the local gateway's data folder; the outbox is its {@code outbox/} folder
     * @param console where the one-line notices go (the gateway's standard output)
     */
    public OutboxApprovalNotifier(Path dataDir, ApprovalEmail email, PrintStream console, Clock clock) {
        this.outbox = dataDir.resolve(FOLDER);
        this.email = email;
        this.console = console;
        this.clock = clock;
    }

    public Path outbox() {
        return outbox;
    }

    @Override
    public void notifyHeld(PendingRequest request, List<String> tables, List<ApproverLinks> approvers) {
        for (ApproverLinks links : approvers) {
            ApprovalEmail.Message message = email.build(request, tables, links);
            Path file;
            try {
                file = write(request, links, message);
            } catch (IOException e) {
                throw new NotificationFailedException("Cannot write the approval email for request "
                        + request.requestId() + " to " + links.approver().id() + " into " + outbox
                        + ": check that the data folder is writable.", e);
            }
            console.println(consoleLine(request, links, file));
        }
    }

    /** What the console shows: who, what, until when, the page; never a link token. */
    static String consoleLine(PendingRequest request, ApproverLinks links, Path file) {
        return "Airlock: approval needed from " + links.approver().id() + " <" + links.approver().email()
                + "> for request " + request.requestId() + " (" + request.facts().kind() + " on "
                + request.target() + " by " + request.agentId() + ", risk " + request.risk()
                + ") until " + (request.expiresAt() == null ? "-" : READABLE.format(request.expiresAt()))
                + ": " + links.page() + " - links in " + file
                + ", or ./airlock approvals show " + request.requestId();
    }

    private Path write(PendingRequest request, ApproverLinks links, ApprovalEmail.Message message)
            throws IOException {
        if (!Files.isDirectory(outbox)) {
            Files.createDirectories(outbox);
            OwnerOnlyFiles.restrictFolderToOwner(outbox);
        }
        String name = STAMP.format(clock.instant()) + "-" + safe(request.requestId()) + "-"
                + safe(links.approver().id()) + ".eml";
        Path file = outbox.resolve(name);
        Path temp = Files.createTempFile(outbox, ".approval", ".tmp");
        try {
            OwnerOnlyFiles.restrictToOwner(temp);
            Files.write(temp, message.bytes());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return "OutboxApprovalNotifier[" + outbox + "]";
    }
}
