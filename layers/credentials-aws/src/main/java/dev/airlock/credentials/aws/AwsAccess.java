package dev.airlock.credentials.aws;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.Comparator;

/**
 * What one classified request needs from AWS: a set of {@link ScopedAction}s. Duplicates
 * collapse and order does not matter, so two equal requests give equal values.
 */
public final class AwsAccess {
    private static final Comparator<ScopedAction> ORDER =
            Comparator.comparing(ScopedAction::action).thenComparing(ScopedAction::resource);
    private static final String SECRETS_MANAGER_GET = "secretsmanager:GetSecretValue";

    private final List<ScopedAction> grants;

    private AwsAccess(Collection<ScopedAction> grants) {
        TreeSet<ScopedAction> sorted = new TreeSet<>(ORDER);
        sorted.addAll(grants);
        this.grants = List.copyOf(sorted);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sorted by action, then resource; never empty. */
    public List<ScopedAction> grants() {
        return grants;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwsAccess other && grants.equals(other.grants);
    }

    @Override
    public int hashCode() {
        return grants.hashCode();
    }

    @Override
    public String toString() {
        return "AwsAccess" + grants;
    }

    public static final class Builder {
        private final TreeSet<ScopedAction> grants = new TreeSet<>(ORDER);

        private Builder() {
        }

        /** A single action on one resource ARN of the action's service. */
        public Builder allow(String action, String resourceArn) {
            grants.add(new ScopedAction(action, resourceArn));
            return this;
        }

        /** An action with no resource-level permission (see {@link ScopedAction#NO_RESOURCE_ACTIONS}). */
        public Builder allowWithoutResource(String action) {
            grants.add(ScopedAction.withoutResource(action));
            return this;
        }

        /**
         * RDS Data API calls on one Aurora cluster: the operations on the cluster ARN, and
         * reading exactly the cluster's secret, which the Data API fetches as the caller.
         */
        public Builder rdsDataApi(String clusterArn, String secretArn, RdsDataAction... actions) {
            Objects.requireNonNull(actions, "actions");
            if (actions.length == 0) {
                throw new IllegalArgumentException("An RDS Data API access needs at least one action.");
            }
            AwsArn cluster = AwsArn.parse(clusterArn);
            if (!cluster.service().equals("rds") || !cluster.resource().startsWith("cluster:")) {
                throw new IllegalArgumentException("RDS Data API runs on an Aurora cluster: '" + clusterArn
                        + "' is not an arn:...:rds:region:account:cluster:NAME ARN.");
            }
            AwsArn secret = AwsArn.parse(secretArn);
            if (!secret.service().equals("secretsmanager") || !secret.resource().startsWith("secret:")) {
                throw new IllegalArgumentException("'" + secretArn
                        + "' is not a Secrets Manager secret ARN (arn:...:secretsmanager:region:account:secret:NAME).");
            }
            for (RdsDataAction action : actions) {
                grants.add(new ScopedAction(action.iamAction(), clusterArn));
            }
            grants.add(new ScopedAction(SECRETS_MANAGER_GET, secretArn));
            return this;
        }

        public AwsAccess build() {
            if (grants.isEmpty()) {
                throw new IllegalArgumentException("An AWS access needs at least one action.");
            }
            return new AwsAccess(grants);
        }
    }
}
