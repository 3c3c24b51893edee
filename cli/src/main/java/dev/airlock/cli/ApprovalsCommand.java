package dev.airlock.cli;

import dev.airlock.audit.aws.AuditEntry;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.policy.EntityApproverDirectory;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code airlock approvals list|show|approve|deny}: the approver's side of requests held for a
 * human, against the running local gateway's DynamoDB Local (or any endpoint given). The rules
 * are the gateway's own ({@link ApprovalService}): only a declared Approver of a required group,
 * never the requester, each approver once, only while pending and before expiry.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "List, inspect, approve and deny requests held for approval.",
        subcommands = {ApprovalsCommand.ListHeld.class, ApprovalsCommand.Show.class, ApprovalsCommand.Approve.class,
                ApprovalsCommand.Deny.class})
final class ApprovalsCommand {

    /** Where the held requests are, and whose approvers count. */
    static final class Location {
        @Mixin
        AuditCommand.TrailLocation trail;

        @Option(names = "--approvals-table", defaultValue = "airlock-approvals",
                description = "Approvals table (default: ${DEFAULT-VALUE}).")
        String approvalsTable;

        @Option(names = "--policies", description = {"The policy folder whose entities.json declares the approvers",
                "(default: the running local gateway's, else the checkout's policies/)."})
        Path policies;

        ApprovalService service() {
            var client = trail.client();
            return new ApprovalService(new DynamoDbApprovalStore(client, approvalsTable), directory(),
                    new DynamoDbAuditLog(client, trail.table), Clock.systemUTC());
        }

        DynamoDbAuditTrail auditTrail() {
            return trail.open();
        }

        private EntityApproverDirectory directory() {
            Path dir = policies != null ? policies : Workspace.runningPoliciesDir(trail.dataDir).map(Path::of)
                    .orElse(Workspace.defaultPolicies());
            if (!Files.isDirectory(dir)) {
                throw new CliException("Policy folder " + dir.toAbsolutePath() + " does not exist: pass --policies.",
                        AirlockCli.USAGE);
            }
            try {
                return EntityApproverDirectory.from(PolicyBundle.fromDirectory(dir));
            } catch (PolicyLoadException e) {
                throw new CliException(e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Requests in a state, oldest first (default: pending).",
                    "Example: airlock approvals list --state approved"})
    static final class ListHeld implements Callable<Integer> {
        @Mixin
        Location location;

        @Option(names = "--state", defaultValue = "pending",
                description = "pending, approved, denied, expired, executing, executed or failed (default: ${DEFAULT-VALUE}).")
        String state;

        @Override
        public Integer call() {
            ApprovalState wanted = state(state);
            List<ApprovalRecord> held = attempt(() -> location.service().list(wanted));
            List<List<String>> rows = new ArrayList<>();
            for (ApprovalRecord r : held) {
                PendingRequest p = r.pending();
                rows.add(List.of(p.requestId(), p.agentId(), p.target(), p.risk().name().toLowerCase(Locale.ROOT),
                        ApprovalService.progress(r), p.expiresAt().toString(), oneLine(statement(p))));
            }
            System.out.print(TablePrinter.render(List.of("request", "agent", "target", "risk", "approvals", "expires",
                    "statement"), rows));
            System.out.println(held.size() + (held.size() == 1 ? " request " : " requests ")
                    + wanted.name().toLowerCase(Locale.ROOT));
            return 0;
        }

        private static ApprovalState state(String s) {
            try {
                return ApprovalState.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliException("--state '" + s + "' is not a state: use pending, approved, denied, expired, "
                        + "executing, executed or failed.", AirlockCli.USAGE);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"One held request in full: agent, target, the exact statement and parameters, risk,",
                    "tables, the policies that required approval, approvals so far and expiry."})
    static final class Show implements Callable<Integer> {
        @Mixin
        Location location;

        @Parameters(paramLabel = "REQUEST-ID")
        String requestId;

        @Override
        public Integer call() {
            ApprovalRecord r = attempt(() -> location.service().get(requestId));
            Optional<AuditEntry> audited = attempt(() -> location.auditTrail().request(requestId));
            System.out.print(describe(r, audited));
            return 0;
        }
    }

    /** Which request, and who decides: what approve and deny both take. */
    static final class Decision {
        @Parameters(paramLabel = "REQUEST-ID")
        String requestId;

        @Option(names = "--as", required = true, paramLabel = "APPROVER", description = "Your approver id (entities.json).")
        String approver;
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a held request as a declared approver of a required group.",
                    "Example: airlock approvals approve <id> --as alice"})
    static final class Approve implements Callable<Integer> {
        @Mixin
        Location location;

        @Mixin
        Decision decision;

        @Override
        public Integer call() {
            ApprovalService service = location.service();
            String id = decision.requestId;
            String approver = decision.approver;
            boolean again = attempt(() -> service.get(id)).approvedBy(approver);
            ApprovalRecord after = attempt(() -> service.approve(id, approver));
            if (again) {
                System.out.println(approver + " had already approved " + id + "; it counts once ("
                        + ApprovalService.progress(after) + ").");
            } else if (after.state() == ApprovalState.APPROVED) {
                System.out.println("Approved " + id + " as " + approver + " (" + ApprovalService.progress(after)
                        + "). " + after.pending().agentId() + " may execute it once, until "
                        + after.usableUntil().orElseThrow() + ".");
            } else {
                System.out.println("Approval by " + approver + " recorded for " + id + " ("
                        + ApprovalService.progress(after) + "); it still waits for more approvals.");
            }
            return 0;
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true,
            description = {"Deny a held request: nothing will run.",
                    "Example: airlock approvals deny <id> --as alice --reason \"wrong customer\""})
    static final class Deny implements Callable<Integer> {
        @Mixin
        Location location;

        @Mixin
        Decision decision;

        @Option(names = "--reason", description = "Why; the agent and the audit trail see it.")
        String reason;

        @Override
        public Integer call() {
            String id = decision.requestId;
            ApprovalRecord after = attempt(() -> location.service().deny(id, decision.approver, reason));
            System.out.println("Denied " + id + " as " + decision.approver + ": " + after.reason().orElse("") + ".");
            return 0;
        }
    }

    /** The exact operation held: what runs if it is approved. */
    private static String statement(PendingRequest p) {
        return p.input().get("sql") instanceof String sql ? sql : p.summary().text();
    }

    static String describe(ApprovalRecord r, Optional<AuditEntry> audited) {
        PendingRequest p = r.pending();
        StringBuilder out = new StringBuilder();
        out.append("request   ").append(p.requestId()).append('\n');
        out.append("state     ").append(r.state()).append('\n');
        out.append("agent     ").append(p.agentId()).append('\n');
        out.append("target    ").append(p.target()).append('\n');
        out.append("statement ").append(statement(p)).append('\n');
        if (p.input().get("input") instanceof String input) {
            // An AWS call: its input exactly as it will run (the summary above names only the operation).
            out.append("input     ").append(input).append('\n');
        }
        if (p.input().get("params") instanceof List<?> params && !params.isEmpty()) {
            out.append("params    ").append(params.stream().map(ApprovalsCommand::param)
                    .collect(Collectors.joining(", "))).append('\n');
        }
        out.append("kind      ").append(p.action()).append(", risk ")
                .append(p.risk().name().toLowerCase(Locale.ROOT)).append('\n');
        // The facts frozen when the request was held; the audit record's for requests held before they were kept.
        List<String> read = p.facts().resourcesRead().isEmpty() && audited.isPresent()
                ? audited.get().tablesRead() : p.facts().resourcesRead();
        List<String> written = p.facts().resourcesWritten().isEmpty() && audited.isPresent()
                ? audited.get().tablesWritten() : p.facts().resourcesWritten();
        List<String> tables = new ArrayList<>();
        if (!read.isEmpty()) {
            tables.add("reads " + String.join(", ", read));
        }
        if (!written.isEmpty()) {
            tables.add("writes " + String.join(", ", written));
        }
        if (!tables.isEmpty()) {
            out.append("sql".equals(p.operation().protocol()) ? "tables    " : "resources ")
                    .append(String.join("; ", tables)).append('\n');
        }
        out.append("policies  ").append(String.join(", ", p.policyIds())).append('\n');
        out.append("requires  ").append(p.approvals().stream().map(a -> a.approvals() + " of group " + a.group()
                + " (valid " + a.validFor().toMinutes() + "m)").collect(Collectors.joining(", "))).append('\n');
        out.append("approvals ").append(ApprovalService.progress(r));
        for (ApproverDecision a : r.approvals()) {
            out.append("\n          ").append(a.approverId()).append(" at ").append(a.at());
        }
        out.append('\n');
        r.deniedBy().ifPresent(by -> out.append("denied by ").append(by).append(": ")
                .append(r.reason().orElse("")).append('\n'));
        out.append("held at   ").append(p.createdAt()).append('\n');
        out.append("expires   ").append(p.expiresAt()).append('\n');
        r.usableUntil().ifPresent(u -> out.append("usable    until ").append(u).append('\n'));
        out.append("sha256    ").append(p.requestSha256()).append('\n');
        return out.toString();
    }

    private static String param(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String oneLine(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
    }

    private static <T> T attempt(Supplier<T> action) {
        try {
            return action.get();
        } catch (ApprovalRefusedException e) {
            throw new CliException(e.getMessage());
        } catch (SdkException e) {
            throw new CliException("Cannot reach the approvals table: " + AuditCommand.firstLine(e)
                    + " Is the gateway still running, and --approvals-table right?");
        }
    }

}
