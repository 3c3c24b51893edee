package dev.airlock.function.notifier;

import dev.airlock.settings.SharedSettings;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.approvals.aws.ApprovalEmail;
import dev.airlock.approvals.aws.ApprovalQueueConsumer;
import dev.airlock.approvals.aws.ApprovalTaskTokens;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.approvals.aws.DynamoDbUsedLinks;
import dev.airlock.approvals.aws.SesApprovalNotifier;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.HeldRequestNotifications;
import dev.airlock.masking.MaskingEngine;
import dev.airlock.policy.EntityApproverDirectory;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.time.Clock;
import java.util.List;

/**
 * Wires the approval queue consumer to AWS for the notifier function. Region, credentials and
 * endpoints come from the Lambda environment through the SDK's default chain (AWS_ENDPOINT_URL included).
 */
@ApplicationScoped
public class NotifierAdapters {
    private static final Logger LOG = Logger.getLogger(NotifierAdapters.class);

    @Produces
    @Singleton
    NotifierSettings settings(Config config) {
        return NotifierSettings.from(config);
    }

    @Produces
    @Singleton
    SesV2Client ses() {
        return AwsClients.create(SesV2Client.builder());
    }

    /** Approvers and their email addresses: the Approver entities of the packaged policies. */
    @Produces
    @Singleton
    EntityApproverDirectory approvers() {
        try {
            return EntityApproverDirectory.from(PolicyBundle.fromClasspath("policies"));
        } catch (PolicyLoadException e) {
            throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * The gateway's token KMS key, read at start-up (a wrong key fails the init) and again after
     * a SnapStart restore (SnapStartRestoreHooks), since its alias may name a rotated key by then.
     */
    @Produces
    @Singleton
    LinkSigningKey linkSigningKey(NotifierSettings settings, KmsClient kms) {
        return new LinkSigningKey(kms, settings.tokenKmsKeyId());
    }

    /** Links signed with the gateway's token KMS key, each usable once: the uses are kept in the audit table the gateway reads. */
    @Produces
    @Singleton
    ApprovalLinkTokens approvalLinks(NotifierSettings settings, LinkSigningKey key, DynamoDbClient dynamo) {
        return new ApprovalLinkTokens(key::signingKey, new GatewayPublicKeys(key::published),
                new DynamoDbUsedLinks(dynamo, settings.auditTable(), Clock.systemUTC()), settings.tokens(),
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    ApprovalQueueConsumer consumer(NotifierSettings settings, DynamoDbClient dynamo, SesV2Client ses,
                                   EntityApproverDirectory approvers, ApprovalLinkTokens links) {
        // Statements in the emails are masked as the audit trail masks them; no pseudonyms are shown there.
        ApprovalEmail email = new ApprovalEmail(settings.sender(), MaskingEngine.builder().build(), Clock.systemUTC());
        HeldRequestNotifications notifications = new HeldRequestNotifications(links,
                new SesApprovalNotifier(ses, email, null), settings.publicUrl());
        HeldRequestNotices notices = new HeldRequestNotices(new DynamoDbApprovalStore(dynamo,
                settings.approvalsTable()), approvers::membersOf, notifications);
        LOG.infof("Approval notifier: approvals table %s, links to %s signed with KMS key %s, sent from %s",
                settings.approvalsTable(), settings.publicUrl(), settings.tokenKmsKeyId(), settings.sender());
        return new ApprovalQueueConsumer(new ApprovalTaskTokens(dynamo, settings.approvalsTable()), notices);
    }
}
