package dev.airlock.targets.awsapi;

import dev.airlock.credentials.aws.AwsAccess;
import dev.airlock.credentials.aws.SessionPolicy;
import dev.airlock.credentials.aws.SessionPolicyBuilder;
import dev.airlock.credentials.aws.SessionPolicyTooLargeException;
import dev.airlock.credentials.aws.StsBrokerException;
import dev.airlock.credentials.aws.StsCredentialBroker;
import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials for AWS account targets: for each call, an STS session on the target's role whose
 * inline policy allows exactly the call's grants (its IAM actions on its ARNs) and nothing else.
 * {@link StsCredentialBroker} reuses a session only for the same agent, role and policy, until 80%
 * of its life. A call whose policy would pass STS's size limit fails closed.
 */
public final class StsCallCredentialBroker implements CredentialBroker {
    private final StsCredentialBroker sts;
    private final Map<String, String> roleByTarget;

    /** @param roleByTarget each AWS target's role ARN, by target name */
    public StsCallCredentialBroker(StsCredentialBroker sts, Map<String, String> roleByTarget) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.roleByTarget = Map.copyOf(roleByTarget);
    }

    /** Without the call's grants there is nothing to scope a session to: refused. */
    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        throw new TargetUnavailableException("Target '" + target + "' issues credentials per call only; nothing ran.",
                null);
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access,
                                            List<AccessGrant> grants) throws TargetUnavailableException {
        String role = roleByTarget.get(target);
        if (role == null) {
            throw new TargetUnavailableException("Target '" + target + "' has no role configured for STS sessions.",
                    null);
        }
        if (grants.isEmpty()) {
            return NO_SESSION;
        }
        SessionPolicy policy;
        try {
            AwsAccess.Builder builder = AwsAccess.builder();
            for (AccessGrant grant : grants) {
                if (grant.resource().equals("*")) {
                    builder.allowWithoutResource(grant.action());
                } else {
                    builder.allow(grant.action(), grant.resource());
                }
            }
            policy = SessionPolicyBuilder.build(builder.build());
        } catch (SessionPolicyTooLargeException e) {
            throw new TargetUnavailableException("Target '" + target + "': this call names so many resources that its "
                    + "session policy would pass STS's size limit; nothing ran. Split it into smaller calls.", null);
        } catch (IllegalArgumentException e) {
            throw new TargetUnavailableException("Target '" + target + "': no session policy can be scoped to this "
                    + "call, so nothing ran: " + e.getMessage(), null);
        }
        try {
            return sts.sessionFor(requestId, agent.agentId(), role, policy).targetCredentials();
        } catch (StsBrokerException | IllegalArgumentException e) {
            throw new TargetUnavailableException("Target '" + target + "': no credentials for this call, nothing ran. "
                    + e.getMessage(), null);
        }
    }

    /** A call Airlock answers itself (GetCallerIdentity) assumes nothing. */
    static final TargetCredentials NO_SESSION = new TargetCredentials() {
        @Override
        public CredentialsUsed used() {
            return new CredentialsUsed("none", "airlock", Optional.empty());
        }

        @Override
        public String toString() {
            return "no session";
        }
    };
}
