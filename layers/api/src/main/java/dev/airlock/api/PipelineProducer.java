package dev.airlock.api;

import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.awsapi.mask.AwsAnswerMasker;
import dev.airlock.awsapi.wire.RestXmlCodec;
import dev.airlock.awsapi.wire.WireDecoder;
import dev.airlock.masking.MaskingEngine;

import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.targets.Targets;
import dev.airlock.sql.engine.SqlEngine;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.StatementClassifier;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.sql.SqlStatementClassifier;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Assembles the pipeline from whatever ports the application produces: the Lambda function
 * produces AWS adapters, the local gateway embedded ones; the pipeline is the same. The ports
 * that do not depend on where the gateway runs are produced here once; the masker is not one
 * of them, because its pseudonym key lives in a file locally and in Secrets Manager on AWS.
 */
@ApplicationScoped
public class PipelineProducer {

    @Produces
    @Singleton
    StatementClassifier classifier() {
        return new SqlStatementClassifier();
    }

    /** The defaults, unless the application produces its own (the gateway function reads them from settings). */
    @Produces
    @Singleton
    @DefaultBean
    PipelineSettings pipelineSettings() {
        return PipelineSettings.DEFAULTS;
    }

    /** Read from the application's config, unless the application produces them (the gateway function does). */
    @Produces
    @Singleton
    @DefaultBean
    McpSettings mcpSettings() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        dev.airlock.settings.SettingsReader reader = dev.airlock.settings.SettingsReader.from(
                name -> config.getOptionalValue(name, String.class), config.getPropertyNames());
        McpSettings settings = McpSettings.read(reader);
        if (!reader.problems().isEmpty()) {
            throw new IllegalStateException("The MCP endpoint is not configured:\n  - "
                    + String.join("\n  - ", reader.problems()));
        }
        return settings;
    }

    /** The approval rules over the store, with decisions recorded in the audit trail. */
    @Produces
    @Singleton
    ApprovalService approvalService(ApprovalStore approvals, ApproverDirectory approvers, AuditLog audit,
                                    Instance<ApprovalWorkflow> workflow) {
        ApprovalService service = new ApprovalService(approvals, approvers, audit, Clock.systemUTC());
        // Where the application has a workflow (it notifies approvers), held requests and decisions reach it;
        // the Lambda function has one only when a state machine is configured (its producer gives null).
        ApprovalWorkflow configured = workflow.isResolvable() ? workflow.get() : null;
        return configured != null ? service.withWorkflow(configured) : service;
    }

    /** The SQL engine every SQL target speaks; the application binds it to its targets. */
    @Produces
    @Singleton
    SqlEngine sqlEngine(StatementClassifier classifier, ResponseMasker masker, PipelineSettings settings) {
        return new SqlEngine(classifier, masker, settings);
    }

    /** The AWS API engine every AWS account target speaks, over the curated catalog; the application binds it. */
    @Produces
    @Singleton
    AwsEngine awsEngine(ResponseMasker masker) {
        // Both applications mask with a MaskingEngine (its pseudonym key); only stand-in test ports do not.
        MaskingEngine engine = masker instanceof MaskingEngine configured ? configured
                : MaskingEngine.withDefaultDetectors();
        return new AwsEngine(WireDecoder.standard(AwsCatalog.load(), new RestXmlCodec()), new AwsAnswerMasker(engine),
                engine::maskText);
    }

    /** A singleton, not a proxy: injecting it at start-up builds every port, so errors show then. */
    @Produces
    @Singleton
    RequestPipeline pipeline(TokenVerifier tokens, PolicyEngine policy, Targets targets, AuditLog audit,
                             ApprovalService approvals, PipelineSettings settings) {
        return RequestPipeline.builder()
                .tokens(tokens).policy(policy).targets(targets).audit(audit).approvalService(approvals)
                .settings(settings)
                .build();
    }
}
