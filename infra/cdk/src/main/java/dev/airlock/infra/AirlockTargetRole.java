package dev.airlock.infra;

import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The role a target account gives the Airlock gateway. Only the gateway's role may assume it, and
 * it must name a source identity (the agent) and may tag its session (docs/credentials.md). What
 * the role allows is the ceiling of what any agent can do there; each call narrows it further
 * with a session policy built from the request.
 */
public final class AirlockTargetRole extends Construct {
    /** What the gateway does when it assumes the role (StsCredentialBroker). */
    public static final List<String> TRUSTED_ACTIONS = List.of("sts:AssumeRole", "sts:SetSourceIdentity",
            "sts:TagSession");
    /** The RDS Data API calls the gateway makes for an SQL target: one statement per call, nothing else. */
    public static final List<String> RDS_DATA_ACTIONS = List.of("rds-data:ExecuteStatement");

    private final Role role;

    public AirlockTargetRole(Construct scope, String id, Props props) {
        super(scope, id);
        Role.Builder builder = Role.Builder.create(this, "Role")
                .assumedBy(new ArnPrincipal(props.gatewayRoleArn))
                .description("Assumed by the Airlock gateway, one session per agent call")
                .managedPolicies(props.managedPolicies);
        if (props.roleName != null) {
            builder.roleName(props.roleName);
        }
        role = builder.build();
        // The principal already has sts:AssumeRole; the other two the gateway needs on every call.
        role.getAssumeRolePolicy().addStatements(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .principals(List.of(new ArnPrincipal(props.gatewayRoleArn)))
                .actions(List.of("sts:SetSourceIdentity", "sts:TagSession"))
                .build());
        for (RdsDataTarget target : props.rdsDataTargets) {
            role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(RDS_DATA_ACTIONS)
                    .resources(List.of(target.clusterArn())).build());
            role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(target.secretArns()).build());
        }
        props.statements.forEach(role::addToPolicy);
    }

    public Role role() {
        return role;
    }

    /**
     * An Aurora cluster reached through the RDS Data API with the login in {@code secretArn}, and
     * optionally a user that may only SELECT in {@code readSecretArn}, which reads log in as.
     */
    public record RdsDataTarget(String clusterArn, String secretArn, Optional<String> readSecretArn) {
        public RdsDataTarget {
            Objects.requireNonNull(clusterArn, "clusterArn");
            Objects.requireNonNull(secretArn, "secretArn");
            Objects.requireNonNull(readSecretArn, "readSecretArn");
        }

        public RdsDataTarget(String clusterArn, String secretArn) {
            this(clusterArn, secretArn, Optional.empty());
        }

        List<String> secretArns() {
            return readSecretArn.map(read -> List.of(secretArn, read)).orElse(List.of(secretArn));
        }
    }

    public static Props.Builder props() {
        return new Props.Builder();
    }

    public static final class Props {
        private final String gatewayRoleArn;
        private final String roleName;
        private final List<RdsDataTarget> rdsDataTargets;
        private final List<PolicyStatement> statements;
        private final List<IManagedPolicy> managedPolicies;

        private Props(Builder b) {
            if (b.gatewayRoleArn == null || !b.gatewayRoleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
                throw new IllegalArgumentException("gatewayRoleArn (context airlock:gatewayRoleArn) must be the "
                        + "gateway's role ARN, the GatewayRoleArn output of the Airlock stack, not '"
                        + b.gatewayRoleArn + "'.");
            }
            this.gatewayRoleArn = b.gatewayRoleArn;
            this.roleName = b.roleName;
            this.rdsDataTargets = List.copyOf(b.rdsDataTargets);
            this.statements = List.copyOf(b.statements);
            this.managedPolicies = List.copyOf(b.managedPolicies);
        }

        public static final class Builder {
            private String gatewayRoleArn;
            private String roleName;
            private final List<RdsDataTarget> rdsDataTargets = new ArrayList<>();
            private final List<PolicyStatement> statements = new ArrayList<>();
            private final List<IManagedPolicy> managedPolicies = new ArrayList<>();

            /** The only principal that may assume the role: the GatewayRoleArn output. */
            public Builder gatewayRoleArn(String arn) { this.gatewayRoleArn = arn; return this; }
            /** A fixed name, so that the roleArn in the gateway's targets JSON is known before deploying. */
            public Builder roleName(String name) { this.roleName = name; return this; }
            public Builder rdsDataTarget(RdsDataTarget target) { this.rdsDataTargets.add(target); return this; }
            /** The ceiling for AWS API calls, statement by statement. */
            public Builder statement(PolicyStatement statement) { this.statements.add(statement); return this; }
            /** The ceiling for AWS API calls as managed policies (such as ReadOnlyAccess). */
            public Builder managedPolicy(IManagedPolicy policy) { this.managedPolicies.add(policy); return this; }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
