package dev.airlock.targets.rdsdata;

import dev.airlock.credentials.aws.AwsAccess;
import dev.airlock.credentials.aws.RdsDataAction;
import dev.airlock.credentials.aws.SessionPolicy;
import dev.airlock.credentials.aws.SessionPolicyBuilder;
import dev.airlock.credentials.aws.StsBrokerException;
import dev.airlock.credentials.aws.StsCredentialBroker;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Credentials for RDS Data API targets: an STS session on the target's role for each request,
 * whose session policy allows exactly {@code rds-data:ExecuteStatement} on the target's cluster
 * and {@code secretsmanager:GetSecretValue} on the one secret the request logs in with (a read's
 * is the reading user's, when the target has one). Sessions are reused by
 * {@link StsCredentialBroker} only for the same agent, role and policy, so two targets (or two
 * agents) never share one.
 */
public final class StsTargetCredentialBroker implements CredentialBroker {
    private final StsCredentialBroker sts;
    private final Map<String, Scope> byTarget;

    private record Scope(String roleArn, SessionPolicy policy, SessionPolicy readPolicy) {
    }

    public StsTargetCredentialBroker(StsCredentialBroker sts, Collection<RdsDataTargetSpec> targets) {
        this.sts = Objects.requireNonNull(sts, "sts");
        Map<String, Scope> scopes = new TreeMap<>();
        for (RdsDataTargetSpec target : targets) {
            scopes.put(target.name(), new Scope(target.roleArn(), policyFor(target, false), policyFor(target, true)));
        }
        this.byTarget = Map.copyOf(scopes);
    }

    /** The session policy every writing request on {@code target} runs under. */
    public static SessionPolicy policyFor(RdsDataTargetSpec target) {
        return policyFor(target, false);
    }

    /**
     * The session policy a request on {@code target} runs under: a read's may use only the reading
     * user's secret (when the target has one), so it cannot log in as the user that may write.
     */
    public static SessionPolicy policyFor(RdsDataTargetSpec target, boolean readOnly) {
        return SessionPolicyBuilder.build(AwsAccess.builder()
                .rdsDataApi(target.clusterArn(), target.secretFor(readOnly), RdsDataAction.EXECUTE_STATEMENT).build());
    }

    /** The targets this broker serves. */
    public SortedSet<String> targets() {
        return new TreeSet<>(byTarget.keySet());
    }

    /** A writing request's {@link dev.airlock.credentials.aws.StsSessionCredentials}, possibly a reused session's. */
    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        return credentialsFor(target, agent, requestId, Access.WRITE);
    }

    /** A read's session may read only the reading user's secret, where the target has one. */
    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access)
            throws TargetUnavailableException {
        Scope scope = byTarget.get(target);
        if (scope == null) {
            throw new TargetUnavailableException("Target '" + target + "' has no role configured for STS sessions.",
                    null);
        }
        try {
            // The session's own credentials object, unchanged: RdsDataSqlTarget signs with it as is.
            SessionPolicy policy = access == Access.READ ? scope.readPolicy() : scope.policy();
            return sts.sessionFor(requestId, agent.agentId(), scope.roleArn(), policy).targetCredentials();
        } catch (StsBrokerException e) {
            throw new TargetUnavailableException("Target '" + target + "': no credentials for this request, "
                    + "nothing ran. " + e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            throw new TargetUnavailableException("Target '" + target + "': no credentials for this request, "
                    + "nothing ran. " + e.getMessage(), null);
        }
    }
}
