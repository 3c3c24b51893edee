package dev.airlock.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.approvals.aws.ApprovalEmail;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.audit.aws.DynamoDbAuditDigests;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import dev.airlock.approvals.aws.DynamoDbUsedLinks;
import dev.airlock.audit.EcKeyDigestSigner;
import dev.airlock.audit.aws.JournaledAuditLog;
import dev.airlock.approvals.aws.OutboxApprovalNotifier;
import dev.airlock.targets.rdsdata.RdsDataTargetsConfig;
import dev.airlock.targets.rdsdata.RdsDataSqlTarget;
import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import dev.airlock.sql.engine.SqlEngine;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.core.port.StatementClassifier;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.embedded.DemoDatabase;
import dev.airlock.embedded.EmbeddedDynamoDb;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.HeldRequestNotifications;
import dev.airlock.identity.IdentityConfig;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.RevocationCheckingVerifier;
import dev.airlock.identity.RevocationFile;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.SigningKeyWatch;
import dev.airlock.identity.TokenExchange;
import dev.airlock.identity.TokenSettings;
import dev.airlock.jdbc.JdbcSqlTarget;
import dev.airlock.masking.MaskingEngine;
import dev.airlock.policy.CedarPolicyEngine;
import dev.airlock.policy.EntityApproverDirectory;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Wires the plain-Java ports to the local gateway's embedded defaults. The Lambda function
 * has its own wiring with AWS adapters; the pipeline and the API are the same.
 */
@ApplicationScoped
public class LocalAdapters {
    static final String AUDIT_JOURNAL = "audit-journal";
    static final String DEMO_TARGET = "demo";

    @Produces
    @Singleton
    LocalSettings settings(Config config) {
        return LocalSettings.from(config);
    }

    /** The pipeline's limits from configuration (the defaults where unset), as the gateway function reads them. */
    @Produces
    @Singleton
    PipelineSettings pipelineSettings(LocalSettings settings) {
        return settings.tunables().pipeline();
    }

    @Produces
    @Singleton
    DataFolderLock dataFolderLock(LocalSettings settings) {
        return DataFolderLock.acquire(settings.dataDir());
    }

    void release(@Disposes DataFolderLock lock) throws Exception {
        lock.close();
    }

    @Produces
    @Singleton
    EmbeddedDynamoDb dynamoDbLocal(LocalSettings settings, DataFolderLock lock) {
        return EmbeddedDynamoDb.startPersistent(settings.dynamoDbDir(), settings.nativeLibraryDir());
    }

    void stop(@Disposes EmbeddedDynamoDb dynamoDbLocal) {
        dynamoDbLocal.close();
    }

    @Produces
    @Singleton
    DynamoDbClient dynamo(EmbeddedDynamoDb dynamoDbLocal) {
        DynamoDbClient client = AwsClients.emulator(DynamoDbClient.builder(), dynamoDbLocal.endpoint());
        AirlockTables.DEFAULT.createIfMissing(client);
        return client;
    }

    void close(@Disposes DynamoDbClient dynamo) {
        dynamo.close();
    }

    /** Database logins from secrets.json: the demo target's credential broker. */
    @Produces
    @Singleton
    @Typed(LocalSecrets.class)
    LocalSecrets secrets(LocalSettings settings, DataFolderLock lock) {
        return LocalSecrets.loadOrCreate(settings.dataDir());
    }

    @Produces
    @Singleton
    DemoDatabase demoDatabase(LocalSettings settings, LocalSecrets secrets) {
        return DemoDatabase.start(settings.postgresDir(), secrets.demoReadPassword().reveal(),
                secrets.demoPassword().reveal());
    }

    void stop(@Disposes DemoDatabase demo) {
        demo.close();
    }

    /** The key files, followed: ./airlock keys rotate takes effect within a second, without a restart. */
    @Produces
    @Singleton
    SigningKeyWatch signingKeys(LocalSettings settings, DataFolderLock lock) {
        try {
            return SigningKeyWatch.start(settings.dataDir(), Clock.systemUTC());
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }

    /** The current key and, after ./airlock keys rotate, the previous one: tokens either signed stay valid. */
    @Produces
    @Singleton
    GatewayPublicKeys publicKeys(SigningKeyWatch keys) {
        return new GatewayPublicKeys(keys::publicKeys);
    }

    /** Written by ./airlock revoke; reread when it changes, so revocations apply within a second. */
    @Produces
    @Singleton
    RevocationFile revocations(LocalSettings settings) {
        try {
            return RevocationFile.watch(settings.dataDir(), Clock.systemUTC());
        } catch (IllegalStateException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    TokenVerifier tokens(GatewayPublicKeys keys, RevocationFile revocations) {
        return new RevocationCheckingVerifier(new JwtTokenVerifier(keys, TokenSettings.LOCAL_DEFAULTS,
                Clock.systemUTC()), revocations);
    }

    /**
     * Trades bootstrap identities for gateway tokens. Who may trade what is read here and only
     * here, from identity.json in the data folder (local bootstrap tokens only when there is
     * none); a rule naming an agent the policies do not declare stops start-up.
     */
    @Produces
    @Singleton
    TokenExchange tokenExchange(LocalSettings settings, SigningKeyWatch signingKeys, GatewayPublicKeys keys,
                                PolicyBundle policies, RevocationFile revocations) {
        Path file = settings.dataDir().resolve(IdentityConfig.FILE_NAME);
        IdentityConfig config = IdentityConfig.LOCAL_ONLY;
        try {
            if (Files.exists(file)) {
                config = IdentityConfig.parse(Files.readString(file), file.toString());
            }
            List<String> declared = policies.agentIds();
            // OIDC claim rules and awsIam ARN rules alike.
            List<String> undeclared = config.ruleAgents().stream().filter(agent -> !declared.contains(agent))
                    .toList();
            if (!undeclared.isEmpty()) {
                throw new LocalStartupException(file + " maps tokens to agents " + undeclared + " that "
                        + settings.policiesDir().resolve(PolicyBundle.ENTITIES_FILE) + " does not declare: declare "
                        + "them there, or fix the rules. Declared: " + declared + ".");
            }
        } catch (IOException e) {
            throw new LocalStartupException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | PolicyLoadException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(signingKeys, TokenSettings.LOCAL_DEFAULTS,
                Clock.systemUTC());
        return TokenExchange.create(issuer, TokenSettings.LOCAL_DEFAULTS, config, keys, Clock.systemUTC())
                .refusingRevokedAgents(revocations::isAgentRevoked)
                .refusingSubjectsIssuedBeforeRestore(revocations::agentRestoredAt);
    }

    @Produces
    @Singleton
    PolicyBundle policyBundle(LocalSettings settings) {
        try {
            return PolicyBundle.fromDirectory(settings.policiesDir());
        } catch (PolicyLoadException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    ResponseMasker masker(LocalSettings settings, DataFolderLock lock) {
        try {
            return MaskingEngine.builder().pseudonymKey(PseudonymKeyFile.loadOrCreate(settings.dataDir()))
                    .phoneRegion(settings.phoneRegion()).build();
        } catch (IllegalArgumentException e) {
            throw new LocalStartupException("--phone-region: " + e.getMessage(), null);
        }
    }

    /** Who may approve held requests: the Approver entities of the policies. */
    @Produces
    @Singleton
    EntityApproverDirectory approvers(PolicyBundle bundle) {
        try {
            return EntityApproverDirectory.from(bundle);
        } catch (PolicyLoadException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }

    /**
     * Approve and deny links: signed with the gateway's key, each usable once (the uses are kept
     * in DynamoDB Local, so a restart does not make a used link work again).
     */
    @Produces
    @Singleton
    ApprovalLinkTokens approvalLinks(SigningKeyWatch keys, DynamoDbClient dynamo) {
        return new ApprovalLinkTokens(keys, new DynamoDbUsedLinks(dynamo, AirlockTables.DEFAULT.audit(),
                Clock.systemUTC()), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
    }

    /** In process: approvers are told through the console and an .eml per approver in the outbox folder. */
    @Produces
    @Singleton
    ApprovalWorkflow approvalWorkflow(LocalSettings settings, ApprovalStore store, EntityApproverDirectory approvers,
                                      ApprovalLinkTokens links, ResponseMasker masker) {
        OutboxApprovalNotifier outbox = new OutboxApprovalNotifier(settings.dataDir(),
                new ApprovalEmail("airlock@localhost", masker, Clock.systemUTC()), System.out, Clock.systemUTC());
        return new LocalApprovalWorkflow(store, approvers, new HeldRequestNotifications(links,
                outbox, settings::url));
    }

    @Produces
    @Singleton
    PolicyEngine policy(PolicyBundle bundle, LocalSettings settings) {
        try {
            return CedarPolicyEngine.load(bundle).withDefaultMaxRows(settings.tunables().defaultMaxRows());
        } catch (PolicyLoadException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }

    /**
     * Targets beyond the demo, from targets.json in the data folder; every problem with the file
     * (including a target the policies do not declare) stops start-up with its fix.
     */
    @Produces
    @Singleton
    LocalTargetsConfig targetsConfig(LocalSettings settings, PolicyBundle policies) {
        return LocalTargetsConfig.load(settings.dataDir(), List.of(DEMO_TARGET),
                RdsDataTargetsConfig.declaredTargets(policies.entities().text()),
                settings.policiesDir().resolve(PolicyBundle.ENTITIES_FILE));
    }

    @Produces
    @Singleton
    LocalAwsTargets awsTargets(LocalTargetsConfig config) {
        return LocalAwsTargets.from(config);
    }

    void close(@Disposes LocalAwsTargets aws) {
        aws.close();
    }

    /** The demo AWS account on moto_server when it is installed (one line says how to turn it on when not). */
    @Produces
    @Singleton
    LocalAwsApiTargets awsApiTargets(LocalSettings settings) {
        return LocalAwsApiTargets.start(AwsSandbox.start(settings.dataDir(), System.out));
    }

    void close(@Disposes LocalAwsApiTargets aws) {
        aws.close();
    }

    /**
     * Every target with its engine, executor and own broker: the demo database with the
     * secrets.json logins, RDS Data API targets with an STS session per request, and AWS accounts
     * with an STS session scoped to each call.
     */
    @Produces
    @Singleton
    Targets targets(SqlEngine sql, AwsEngine awsEngine, LocalAwsTargets aws, LocalAwsApiTargets awsApi,
                    DemoDatabase demo, LocalSettings settings, LocalSecrets secrets) {
        // targets.json is checked before the demo database starts, so a broken file fails fast.
        List<Target<?>> targets = new ArrayList<>();
        targets.add(new Target<SqlTarget>(DEMO_TARGET, sql,
                new JdbcSqlTarget(DEMO_TARGET, demo.jdbcUrl(), settings.targetLimits()), secrets));
        for (RdsDataSqlTarget target : aws.targets()) {
            targets.add(new Target<SqlTarget>(target.name(), sql, target, aws.brokers().get(target.name())));
        }
        targets.addAll(awsApi.targets(awsEngine));
        return Targets.of(List.of(sql, awsEngine), targets);
    }

    void close(@Disposes Targets targets) {
        targets.close();
    }

    /**
     * One table writer per process, for the journal and the reconciler alike: it serialises
     * appends to each chain and caches their heads. Typed so that only the journal is the
     * pipeline's {@link AuditLog}.
     */
    @Produces
    @Singleton
    @Typed(DynamoDbAuditLog.class)
    DynamoDbAuditLog auditTable(DynamoDbClient dynamo) {
        return new DynamoDbAuditLog(dynamo, AirlockTables.DEFAULT.audit());
    }

    /**
     * The pipeline's audit log: records are fsynced to a journal in the data folder before the
     * request goes on and reach DynamoDB Local behind it, so the table's milliseconds stay off
     * the request path. Opening it first writes what an earlier run left in the journal.
     */
    @Produces
    @Singleton
    JournaledAuditLog auditLog(LocalSettings settings, DynamoDbAuditLog table) {
        try {
            return JournaledAuditLog.builder().table(table).directory(settings.dataDir().resolve(AUDIT_JOURNAL))
                    .sync(settings.auditSync()).open();
        } catch (AuditUnavailableException e) {
            throw new LocalStartupException("The audit journal in " + settings.dataDir().resolve(AUDIT_JOURNAL)
                    + " could not be written to the audit table: " + e.getMessage(), e);
        }
    }

    void close(@Disposes JournaledAuditLog journal) throws IOException {
        journal.close();
    }

    /**
     * Abandoned requests are those older than four statement timeouts, and never under two
     * minutes; digests are signed with the gateway's key file.
     */
    @Produces
    @Singleton
    AuditUpkeep auditUpkeep(LocalSettings settings, DynamoDbClient dynamo, DynamoDbAuditLog log,
                            JournaledAuditLog journal, PipelineSettings pipeline, SigningKeyWatch keys) {
        String table = AirlockTables.DEFAULT.audit();
        Duration grace = Collections.max(List.of(Duration.ofMinutes(2), pipeline.statementTimeout().multipliedBy(4)));
        // The key at the time of each digest: after a rotation digests are signed with the new key.
        return new AuditUpkeep(journal, new DynamoDbAuditReconciler(new DynamoDbAuditTrail(dynamo, table), log,
                grace, Clock.systemUTC(), journal::isUnshipped), new DynamoDbAuditDigests(dynamo, table,
                Clock.systemUTC()), () -> digestSigner(keys.current(), settings));
    }

    private static EcKeyDigestSigner digestSigner(ECKey key, LocalSettings settings) {
        try {
            return new EcKeyDigestSigner(key.getKeyID(), key.toECPrivateKey());
        } catch (JOSEException e) {
            throw new LocalStartupException("The signing key in " + SigningKeyFile.in(settings.dataDir())
                    + " is not a usable EC private key: move it aside and start again to make a new one.", e);
        }
    }

    @Produces
    @Singleton
    ApprovalStore approvals(DynamoDbClient dynamo) {
        return new DynamoDbApprovalStore(dynamo, AirlockTables.DEFAULT.approvals());
    }
}
