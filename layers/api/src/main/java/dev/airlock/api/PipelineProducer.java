package dev.airlock.api;

import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.target.Targets;
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

    @Produces
    @Singleton
    PipelineSettings pipelineSettings() {
        return PipelineSettings.DEFAULTS;
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
