package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.audit.aws.AuditEntry;
import dev.airlock.audit.AuditSearch;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import dev.airlock.audit.aws.DynamoDbAuditVerifier;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.audit.aws.KmsDigestSigner;
import dev.airlock.identity.SigningKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code airlock audit search|replay}: what agents did, who let them and what they saw. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Search the audit trail and replay requests as a timeline.",
        subcommands = {AuditCommand.Search.class, AuditCommand.Replay.class, AuditCommand.Verify.class, AuditExportCommand.class})
final class AuditCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the trail is: a running local gateway's DynamoDB Local, or any endpoint given. */
    static final class TrailLocation {
        @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
                description = "The local gateway's data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--endpoint", description = "A DynamoDB endpoint to read instead of the local gateway's.")
        URI endpoint;

        @Option(names = "--aws", description = {"Read the audit table in AWS, with the region and credentials of the",
                "AWS SDK's usual chain (AWS_PROFILE, AWS_REGION, ...); --endpoint then overrides only the URL."})
        boolean aws;

        @Option(names = "--table", defaultValue = "airlock-audit", description = "Audit table (default: ${DEFAULT-VALUE}).")
        String table;

        DynamoDbAuditTrail open() {
            return new DynamoDbAuditTrail(client(), table);
        }

        DynamoDbClient client() {
            if (aws) {
                try {
                    var builder = AwsClients.configure(DynamoDbClient.builder());
                    if (endpoint != null) {
                        builder.endpointOverride(endpoint);
                    }
                    return builder.build();
                } catch (SdkClientException e) {
                    throw new CliException("--aws needs a region and credentials: set AWS_REGION (or a profile's "
                            + "region) and AWS_PROFILE or AWS_ACCESS_KEY_ID. " + firstLine(e));
                }
            }
            URI uri = endpoint != null ? endpoint : Workspace.runningDynamoDbEndpoint(dataDir).map(URI::create)
                    .orElseThrow(() -> new CliException("No local gateway is running on " + dataDir.toAbsolutePath()
                            .normalize() + ": start ./airlock local (its DynamoDB Local holds the trail), or pass "
                            + "--endpoint."));
            return AwsClients.emulator(DynamoDbClient.builder(), uri);
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Requests in a time range, newest first, filtered by agent, target or decision.",
                    "Example: airlock audit search --agent ops-bot --decision deny --from 24h"})
    static final class Search implements Callable<Integer> {
        @Mixin
        TrailLocation location;

        @Option(names = "--agent", description = "Only this agent's requests.")
        String agent;

        @Option(names = "--target", description = "Only requests to this target.")
        String target;

        @Option(names = "--decision", description = "allow, deny or approval-required.")
        String decision;

        @Option(names = "--approver", description = "This approver's approval decisions instead of requests.")
        String approver;

        @Option(names = "--from", defaultValue = "24h", converter = TimeConverter.class,
                description = "Start: a time (2026-11-24T10:00:00Z) or how long ago (30m, 24h, 7d); default ${DEFAULT-VALUE}.")
        Instant from;

        @Option(names = "--to", converter = TimeConverter.class, description = "End (default: now).")
        Instant to;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            if (approver != null) {
                return approverDecisions();
            }
            AuditSearch search;
            try {
                search = new AuditSearch(Optional.ofNullable(agent), Optional.ofNullable(target),
                        Optional.ofNullable(decision).map(Search::effect), from, to == null ? Instant.now() : to, limit);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage() + ".", AirlockCli.USAGE);
            }
            List<AuditEntry> entries = read(() -> location.open().search(search));
            if (json) {
                entries.forEach(e -> System.out.println(toJson(e)));
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (AuditEntry e : entries) {
                rows.add(List.of(e.at().toString(), e.requestId(), e.agentId().orElse("-"), e.target().orElse("-"),
                        e.kind().orElse("-"), e.decision().orElse("-"), e.status(), e.statement().orElse("")));
            }
            System.out.print(TablePrinter.render(List.of("at", "request", "agent", "target", "kind", "decision",
                    "status", "statement"), rows));
            System.out.println(entries.size() + (entries.size() == 1 ? " request" : " requests")
                    + (entries.size() == limit ? " (limit reached: narrow the search or raise --limit)" : ""));
            return 0;
        }

        private int approverDecisions() {
            List<AuditRecord> steps = read(() -> location.open().byApprover(approver, from,
                    to == null ? Instant.now() : to)).stream().limit(limit).toList();
            List<List<String>> rows = new ArrayList<>();
            for (AuditRecord step : steps) {
                rows.add(List.of(step.at().toString(), step.requestId(), event(step), step.detail().orElse("")));
            }
            System.out.print(TablePrinter.render(List.of("at", "request", "decision", "detail"), rows));
            System.out.println(steps.size() + (steps.size() == 1 ? " decision" : " decisions") + " by " + approver);
            return 0;
        }

        private static String effect(String decision) {
            return switch (decision.strip().toLowerCase(Locale.ROOT)) {
                case "allow", "allowed" -> "ALLOW";
                case "deny", "denied" -> "DENY";
                case "approval-required", "approval_required", "approval" -> "APPROVAL_REQUIRED";
                default -> throw new CliException("--decision '" + decision + "' is not a decision: use allow, deny "
                        + "or approval-required.", AirlockCli.USAGE);
            };
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"One request, or an agent's requests since a time, as a readable timeline:",
                    "what was sent, how it was classified, the decision and its policies, how it ended and",
                    "what was masked. Example: airlock audit replay --agent ops-bot --from 1h"})
    static final class Replay implements Callable<Integer> {
        @Mixin
        TrailLocation location;

        @Parameters(arity = "0..1", paramLabel = "REQUEST-ID", description = "The request to replay.")
        String requestId;

        @Option(names = "--agent", description = "Replay this agent's requests instead.")
        String agent;

        @Option(names = "--from", defaultValue = "24h", converter = TimeConverter.class,
                description = "With --agent: since when (default: ${DEFAULT-VALUE}).")
        Instant from;

        @Option(names = "--limit", defaultValue = "100", description = "With --agent: at most this many.")
        int limit;

        @Override
        public Integer call() {
            if ((requestId == null) == (agent == null)) {
                throw new CliException("Name one request id, or --agent to replay an agent's requests.",
                        AirlockCli.USAGE);
            }
            List<AuditEntry> entries;
            if (requestId != null) {
                entries = List.of(read(() -> location.open().request(requestId)).orElseThrow(() -> new CliException(
                        "The audit trail has no request " + requestId + ".")));
            } else {
                List<AuditEntry> newestFirst = read(() -> location.open().search(new AuditSearch(Optional.of(agent),
                        Optional.empty(), Optional.empty(), from, Instant.now(), limit)));
                entries = newestFirst.reversed();
            }
            DynamoDbAuditTrail trail = location.open();
            entries.forEach(e -> System.out.print(read(() -> story(trail, e))));
            if (entries.isEmpty()) {
                System.out.println("No requests by " + agent + " since " + from + ".");
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every record against the hash chains and the signed digests of the chain heads:",
                    "names each record that was edited, deleted, inserted or reordered, and each chain cut",
                    "short, and exits 1 if there is any."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        TrailLocation location;

        @Option(names = "--public-key", paramLabel = "FILE",
                description = {"The gateway's public keys (a JWK or a JWK set, such as /.well-known/jwks.json),",
                        "to check the digests with. Default: the local gateway's key in --data-dir."})
        Path publicKey;

        @Option(names = "--kms-key-id", paramLabel = "KEY",
                description = {"A KMS key that signs the digests in AWS (key id, ARN or alias/NAME; repeat for",
                        "keys used before a rotation): its public half is fetched with kms:GetPublicKey."})
        List<String> kmsKeyIds = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, PublicKey> keys = digestKeys();
            keys.putAll(kmsKeys());
            DynamoDbAuditVerifier.Report report = read(() -> new DynamoDbAuditVerifier(location.client(),
                    location.table, keys).verify());
            if (report.intact()) {
                System.out.println("The audit trail is intact: " + report.records() + " records in "
                        + report.chains() + " chains, every hash and link verified; " + report.digests()
                        + (report.digests() == 1 ? " signed digest matches." : " signed digests match."));
                return 0;
            }
            report.problems().forEach(System.out::println);
            throw new CliException(report.problems().size() + (report.problems().size() == 1 ? " problem" : " problems")
                    + " in " + report.records() + " records: the trail was changed after it was written.");
        }

        /** Digests name their KMS key by its ARN, whatever name the upkeep function was given. */
        private Map<String, PublicKey> kmsKeys() {
            Map<String, PublicKey> keys = new HashMap<>();
            if (kmsKeyIds.isEmpty()) {
                return keys;
            }
            try (KmsClient kms = AwsClients.create(KmsClient.builder())) {
                for (String keyId : kmsKeyIds) {
                    String arn = kms.getPublicKey(b -> b.keyId(keyId)).keyId();
                    keys.put(arn, new KmsDigestSigner(kms, arn).publicKey());
                }
            } catch (SdkException | IllegalStateException e) {
                throw new CliException("Cannot get the public key of KMS key " + String.join(", ", kmsKeyIds) + ": "
                        + firstLine(e) + " Check the key id, AWS_REGION and that you may kms:GetPublicKey.");
            }
            return keys;
        }

        private Map<String, PublicKey> digestKeys() {
            Map<String, PublicKey> keys = new HashMap<>();
            if (publicKey == null && !kmsKeyIds.isEmpty()) {
                return keys;
            }
            try {
                List<JWK> jwks;
                if (publicKey != null) {
                    String json = Files.readString(publicKey);
                    jwks = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
                } else if (Files.exists(SigningKeyFile.in(location.dataDir))) {
                    // The previous key too: digests signed before ./airlock keys rotate still verify.
                    jwks = SigningKeyFile.publicKeys(location.dataDir).getKeys();
                } else {
                    jwks = List.of();
                }
                for (JWK jwk : jwks) {
                    if (jwk instanceof ECKey ec) {
                        keys.put(ec.getKeyID(), ec.toECPublicKey());
                    }
                }
            } catch (IOException e) {
                throw new CliException("Cannot read " + publicKey + ": " + e.getMessage());
            } catch (ParseException | JOSEException e) {
                throw new CliException(publicKey + " is not a JWK or JWK set: " + e.getMessage()
                        + ". Save the gateway's /.well-known/jwks.json and pass that.");
            }
            return keys;
        }
    }

    /**
     * A request's timeline and, for a request held for approval, the rest of its story: each
     * approval or denial by its approver, an expiry, and the execution (its own timeline).
     */
    static String story(DynamoDbAuditTrail trail, AuditEntry e) {
        StringBuilder out = new StringBuilder(timeline(e));
        for (AuditRecord step : trail.approvalSteps(e.requestId())) {
            out.append(String.format("  %s  %s%s%s%n", step.at(), event(step),
                    step.approverId().map(a -> " by " + a).orElse(""),
                    step.detail().map(d -> ": " + d).orElse("")));
            if (step.executionId().isPresent()) {
                Optional<AuditEntry> execution = trail.request(step.executionId().get());
                if (execution.isPresent()) {
                    timeline(execution.get()).lines().forEach(line -> out.append("      ").append(line).append('\n'));
                } else {
                    out.append("      execution ").append(step.executionId().get())
                            .append(" has no record in the trail\n");
                }
            }
        }
        return out.toString();
    }

    /** A request as an auditor reads it, one step per line. */
    /** An approval record's step in the trail's words: approved, denied, expired, executed. */
    private static String event(AuditRecord step) {
        return step.approvalStep().map(ApprovalEvent.Kind::word).orElse("-");
    }

    static String timeline(AuditEntry e) {
        StringBuilder out = new StringBuilder();
        out.append("request ").append(e.requestId())
                .append(e.approvalOf().map(id -> " (executes approved request " + id + ")").orElse("")).append('\n');
        out.append(String.format("  %s  %s sent to %s: %s%n", e.at(), e.agentId().orElse("(unauthenticated)"),
                e.target().orElse("-"), e.statement().orElse("(no statement)")));
        if (!e.params().isEmpty()) {
            out.append("      parameters: ").append(String.join(", ", e.params())).append('\n');
        }
        e.kind().ifPresent(kind -> out.append("      classified: ").append(kind).append(", risk ")
                .append(e.risk().orElse("-")).append(tables(e)).append('\n'));
        e.decision().ifPresent(d -> out.append("      decision: ").append(d)
                .append(e.policyIds().isEmpty() ? "" : " by " + String.join(", ", e.policyIds()))
                .append(e.decisionReason().map(r -> " (" + r + ")").orElse("")).append('\n'));
        if (e.completedAt().isPresent()) {
            out.append(String.format("  %s  %s after %d ms", e.completedAt().get(), e.status(),
                    e.durationMillis().orElse(0L)));
            e.rowCount().ifPresent(n -> out.append(", ").append(n).append(n == 1 ? " row" : " rows"));
            e.rowsAffected().ifPresent(n -> out.append(", ").append(n).append(" affected"));
            e.problem().ifPresent(p -> out.append(", ").append(p));
            out.append('\n');
            if (!e.maskedCounts().isEmpty()) {
                out.append("      masked: ").append(e.maskedCounts().entrySet().stream()
                        .map(c -> c.getKey() + " " + c.getValue()).collect(Collectors.joining(", "))).append('\n');
            }
            e.problemDetail().ifPresent(d -> out.append("      ").append(d).append('\n'));
            credentials(e).ifPresent(c -> out.append("      credentials: ").append(c).append('\n'));
        } else {
            out.append("  (no outcome recorded: the request is running, or the gateway stopped before it ended)\n");
        }
        return out.toString();
    }

    /**
     * Which credentials ran the request: the STS session (search CloudTrail for its name; a reused
     * session carries the id of the request that assumed it) or the database user.
     */
    private static java.util.Optional<String> credentials(AuditEntry e) {
        if (e.stsSessionName().isPresent()) {
            return java.util.Optional.of("STS session " + e.stsSessionName().get()
                    + e.credentialsPrincipal().map(arn -> " (" + arn + ")").orElse(""));
        }
        return e.credentialsPrincipal().map(user -> "database user " + user);
    }

    private static String tables(AuditEntry e) {
        List<String> parts = new ArrayList<>();
        if (!e.tablesRead().isEmpty()) {
            parts.add("reads " + String.join(", ", e.tablesRead()));
        }
        if (!e.tablesWritten().isEmpty()) {
            parts.add("writes " + String.join(", ", e.tablesWritten()));
        }
        return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
    }

    private static String toJson(AuditEntry e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("requestId", e.requestId());
        node.put("at", e.at().toString());
        e.agentId().ifPresent(v -> node.put("agentId", v));
        e.target().ifPresent(v -> node.put("target", v));
        e.kind().ifPresent(v -> node.put("kind", v));
        e.risk().ifPresent(v -> node.put("risk", v));
        e.decision().ifPresent(v -> node.put("decision", v));
        ArrayNode policies = node.putArray("policyIds");
        e.policyIds().forEach(policies::add);
        e.statement().ifPresent(v -> node.put("statement", v));
        ArrayNode params = node.putArray("params");
        e.params().forEach(params::add);
        node.put("status", e.status());
        e.durationMillis().ifPresent(v -> node.put("durationMillis", v));
        e.rowCount().ifPresent(v -> node.put("rowCount", v));
        ObjectNode masked = node.putObject("masked");
        for (Map.Entry<String, Long> c : e.maskedCounts().entrySet()) {
            masked.put(c.getKey(), c.getValue());
        }
        e.problem().ifPresent(v -> node.put("problem", v));
        if (e.credentialsKind().isPresent()) {
            ObjectNode credentials = node.putObject("credentials");
            credentials.put("kind", e.credentialsKind().get());
            e.credentialsPrincipal().ifPresent(v -> credentials.put("principal", v));
            e.stsSessionName().ifPresent(v -> credentials.put("sessionName", v));
        }
        return node.toString();
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw new CliException("Cannot read the audit trail: " + e.getMessage().lines().findFirst().orElse("")
                    + " Is the gateway still running, and --table right?");
        }
    }

    static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
