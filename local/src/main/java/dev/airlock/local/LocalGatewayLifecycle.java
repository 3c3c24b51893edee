package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.embedded.DemoDatabase;
import dev.airlock.embedded.EmbeddedDynamoDb;
import dev.airlock.identity.TokenExchange;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts everything at boot rather than on the first request, tells the user where the
 * gateway listens and what to try, and records that in {@code gateway.json} so the CLI in
 * another terminal can find it.
 */
@ApplicationScoped
public class LocalGatewayLifecycle {
    static final String RUNTIME_FILE = "gateway.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Instance<LocalSettings> settings;
    @Inject
    Instance<RequestPipeline> pipeline;
    @Inject
    Instance<EmbeddedDynamoDb> dynamoDbLocal;
    @Inject
    Instance<PolicyBundle> policies;
    @Inject
    Instance<DemoDatabase> demo;

    @Inject
    Instance<LocalAwsApiTargets> awsApi;
    @Inject
    Instance<LocalTargetsConfig> extraTargets;
    @Inject
    Instance<AuditUpkeep> auditUpkeep;
    @Inject
    Instance<ApprovalService> approvals;
    private ApprovalExpiry approvalExpiry;
    @Inject
    Instance<TokenExchange> tokenExchange;

    private volatile boolean started;
    private boolean listening;
    private boolean announced;

    /**
     * Builds the pipeline and every port now, so a bad policy or a busy data folder stops
     * start-up; announces the gateway once its HTTP server has bound the port.
     */
    void start(@Observes StartupEvent event) {
        try {
            pipeline.get();
            tokenExchange.get();
            auditUpkeep.get().start();
            approvalExpiry = new ApprovalExpiry(approvals.get(), ApprovalExpiry.EVERY);
            approvalExpiry.start();
            started = true;
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("Airlock cannot start: " + rootMessage(e));
            Quarkus.asyncExit(2);
            return;
        }
        announceOnceListening();
    }

    /**
     * Quarkus fires this once its HTTP server has bound the port. Only then is the gateway
     * listening: a port held by another program fails the bind, and nothing is announced (a probe
     * that merely connects would have found the other program and announced it as the gateway).
     * Whether Quarkus fires it synchronously or not, either observer counts it once.
     */
    void serverListening(@Observes HttpServerStart event) {
        markListening();
    }

    void serverListeningAsync(@ObservesAsync HttpServerStart event) {
        markListening();
    }

    private void markListening() {
        synchronized (this) {
            listening = true;
        }
        announceOnceListening();
    }

    /** Announces when both the ports are built and the server is listening, whichever comes last. */
    private synchronized void announceOnceListening() {
        if (!started || !listening || announced) {
            return;
        }
        announced = true;
        LocalSettings s = settings.get();
        String url = s.url().toString();
        writeRuntimeFile(s.dataDir(), url);
        printBanner(System.out, s, url);
    }

    void stop(@Observes ShutdownEvent event) {
        if (started) {
            approvalExpiry.stop();
            auditUpkeep.get().stop();
            try {
                Files.deleteIfExists(settings.get().dataDir().resolve(RUNTIME_FILE));
            } catch (IOException ignored) {
                // a stale file only points the CLI at a gateway that no longer answers
            }
            System.out.println("Airlock local gateway stopped. The audit trail is kept in "
                    + settings.get().dataDir() + ".");
        }
    }

    private void writeRuntimeFile(Path dataDir, String url) {
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("url", url);
        runtime.put("dynamodbEndpoint", dynamoDbLocal.get().endpoint().toString());
        runtime.put("auditTable", AirlockTables.DEFAULT.audit());
        runtime.put("approvalsTable", AirlockTables.DEFAULT.approvals());
        // Approvers on the CLI are checked against the same entities the gateway holds requests for.
        runtime.put("policiesDir", settings.get().policiesDir().toAbsolutePath().toString());
        // Operators and tests can reach the demo database itself; its password stays in secrets.json.
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("demo", Map.of("jdbcUrl", demo.get().jdbcUrl()));
        // The CLI signs for the sandbox's region; operators and tests can look at the emulator behind it.
        awsApi.get().sandbox().ifPresent(sandbox -> targets.put(LocalAwsApiTargets.SANDBOX_TARGET, Map.of(
                "kind", "aws", "region", sandbox.region(), "accountId", sandbox.account(),
                "emulatorEndpoint", sandbox.endpoint().toString())));
        runtime.put("targets", targets);
        runtime.put("pid", ProcessHandle.current().pid());
        runtime.put("startedAt", Instant.now().toString());
        try {
            Path temp = Files.createTempFile(dataDir, "gateway", ".tmp");
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(runtime));
            Files.move(temp, dataDir.resolve(RUNTIME_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("Airlock: cannot write " + dataDir.resolve(RUNTIME_FILE) + " (" + e.getMessage()
                    + "); pass --url to the CLI.");
        }
    }

    private void printBanner(PrintStream out, LocalSettings s, String url) {
        List<String> agents;
        try {
            agents = policies.get().agentIds();
        } catch (PolicyLoadException e) {
            agents = List.of();
        }
        out.println();
        out.println("Airlock local gateway is listening on " + url);
        out.println("  data folder  " + s.dataDir() + "  (audit trail, demo database, signing and pseudonym keys)");
        out.println("  policies     " + s.policiesDir());
        out.println("  target demo  embedded PostgreSQL with customers and orders");
        awsApi.get().sandbox().ifPresent(sandbox -> out.println("  target aws-sandbox  demo AWS account on moto_server ("
                + sandbox.region() + "); agents call it with the AWS CLI: airlock aws --agent reporting-bot "
                + "--target aws-sandbox -- s3 ls s3://airlock-demo-reports"));
        for (var target : extraTargets.get().rdsData()) {
            out.println("  target " + target.name() + "  RDS Data API on " + target.clusterArn() + ", database "
                    + target.database() + ", an STS session on " + target.roleArn() + " per request");
        }
        out.println("  audit        DynamoDB Local at " + dynamoDbLocal.get().endpoint());
        out.println();
        out.println("Agents: " + String.join(", ", agents));
        if (agents.contains("reporting-bot") && agents.contains("ops-bot")) {
            out.println("  reporting-bot  may SELECT from demo; email, card, SSN and birth date masked, phone pseudonymised");
            out.println("  ops-bot        may SELECT; its UPDATE and DELETE with a WHERE wait for a DBA's approval");
        }
        out.println();
        out.println("Try, from another terminal:");
        String dataOption = s.dataDir().equals(Path.of(".airlock").toAbsolutePath().normalize())
                ? "" : " --data-dir " + s.dataDir();
        out.println("  ./airlock sql" + dataOption + " --agent reporting-bot --target demo \"select * from customers limit 5\"");
        out.println("  TOKEN=$(./airlock token" + dataOption + " --agent reporting-bot)");
        out.println("  curl -s " + url + "/v1/sql -H \"Authorization: Bearer $TOKEN\" \\");
        out.println("       -d '{\"target\":\"demo\",\"sql\":\"select full_name, email from customers limit 3\"}'");
        out.println("MCP clients connect to " + url + "/mcp with the header \"Authorization: Bearer $TOKEN\" (docs/mcp.md).");
        out.println("Agents trade a bootstrap, OIDC or AWS IAM identity for a token at POST " + url + "/v1/token (docs/identity.md).");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof LocalStartupException || cause instanceof PolicyLoadException) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
