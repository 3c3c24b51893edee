package dev.airlock.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.constructs.Construct;

import java.util.List;

/**
 * What an operator deploys in each target account: the role the gateway assumes there, with the
 * RDS Data API clusters and the AWS ceiling the account allows. Its RoleArn output goes into the
 * gateway's targets JSON (roleArn).
 */
public final class AirlockTargetAccountStack extends Stack {
    private final AirlockTargetRole targetRole;

    public AirlockTargetAccountStack(Construct scope, String id, StackProps stackProps, AirlockTargetRole.Props props) {
        super(scope, id, stackProps);
        targetRole = new AirlockTargetRole(this, "TargetRole", props);
        CfnOutput.Builder.create(this, "RoleArn").value(targetRole.role().getRoleArn())
                .description("The roleArn of this account's targets in AIRLOCK_AWS_TARGETS / AIRLOCK_RDS_DATA_TARGETS")
                .build();
    }

    /** The props an operator gives on the command line (see {@link AirlockConfig#targetAccountFromContext}). */
    static AirlockTargetRole.Props props(String gatewayRoleArn, String roleName, List<AirlockTargetRole.RdsDataTarget> rds,
                                         List<String> managedPolicyNames) {
        AirlockTargetRole.Props.Builder b = AirlockTargetRole.props().gatewayRoleArn(gatewayRoleArn).roleName(roleName);
        rds.forEach(b::rdsDataTarget);
        managedPolicyNames.forEach(name -> b.managedPolicy(ManagedPolicy.fromAwsManagedPolicyName(name)));
        return b.build();
    }

    public AirlockTargetRole targetRole() {
        return targetRole;
    }
}
