package dev.airlock.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.PolicyQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides requests with Cedar. A SQL statement is authorized once per table it touches, with
 * the action of that access ({@code sql:update} for the table changed, {@code sql:select} for
 * tables only read); its own kind is always checked, on the target if no table carries it; and
 * side-effect functions need {@code sql:call}. All checks must allow. Default deny, forbid
 * wins, any evaluation error denies; obligations come from the annotations of the permits.
 */
public final class CedarPolicyEngine implements PolicyEngine {
    private static final EntityTypeName AGENT = EntityTypeName.parse("Agent").orElseThrow();
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final EntityTypeName TARGET = EntityTypeName.parse("Target").orElseThrow();
    private static final EntityTypeName TABLE = EntityTypeName.parse("Table").orElseThrow();
    private static final EntityTypeName AWS_RESOURCE = EntityTypeName.parse("AwsResource").orElseThrow();
    /** The resource types checks may name; anything else is denied. */
    private static final Map<String, EntityTypeName> RESOURCE_TYPES = Map.of("Target", TARGET, "Table", TABLE,
            "AwsResource", AWS_RESOURCE);

    private static final System.Logger LOG = System.getLogger(CedarPolicyEngine.class.getName());

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final LoadedPolicies loaded;

    private final CedarContexts contexts;
    /** The row cap of a read no permitting policy caps lower with {@code @maxRows}. */
    private final int defaultMaxRows;
    private final PolicyReach reach;

    private CedarPolicyEngine(LoadedPolicies loaded) {
        this(loaded, CedarContexts.forPolicies(loaded.policies().policies.stream().map(p -> p.getSource()).toList()),
                PolicyDecision.DEFAULT_MAX_ROWS);
    }

    private CedarPolicyEngine(LoadedPolicies loaded, CedarContexts contexts, int defaultMaxRows) {
        this.loaded = loaded;
        this.contexts = contexts;
        this.defaultMaxRows = defaultMaxRows;
        this.reach = PolicyReach.of(loaded.policies().policies.stream().map(p -> p.getSource()).toList(),
                loaded.graph());
    }

    /**
     * The same policies with another gateway-wide row cap (the operator's setting); a policy's
     * {@code @maxRows} still lowers it, never raises it.
     */
    public CedarPolicyEngine withDefaultMaxRows(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("the row cap must be positive");
        }
        return new CedarPolicyEngine(loaded, contexts, maxRows);
    }

    /**
     * Parses and validates the bundle against its schema.
     *
     * @throws PolicyLoadException naming the file, line and fix for the first problem found
     */
    public static CedarPolicyEngine load(PolicyBundle bundle) throws PolicyLoadException {
        return new CedarPolicyEngine(PolicyLoader.load(bundle));
    }

    @Override
    public Set<String> targetsEverPermitted(String agentId, Map<String, String> targetProtocols) {
        return reach.targetsFor(agentId, targetProtocols);
    }

    /** The agents the entities declare. */
    public Set<String> agents() {
        return loaded.agents();
    }

    /** The policy ids, in file order. */
    public List<String> policyIds() {
        return loaded.policyIds();
    }

    /** The policies whose {@code @mask} asks for this strategy, so start-up can check it is available. */
    public List<String> policiesMaskingWith(MaskStrategy strategy) {
        return loaded.policyIds().stream().filter(id -> {
            PolicyObligations o = loaded.obligations().getOrDefault(id, PolicyObligations.NONE);
            return o.masks().stream().anyMatch(m -> m.strategy() == strategy)
                    || o.jsonMasks().stream().anyMatch(m -> m.strategy() == strategy);
        }).toList();
    }

    /** One authorization question: may the agent do this action to this resource? */
    private record Check(EntityUID resource, String resourceName, String action, Optional<TableRef> table,
                         Map<String, Value> context) {
    }

    @Override
    public PolicyDecision decide(PolicyQuery query) {
        List<Check> checks = new ArrayList<>();
        Set<Entity> extra = new HashSet<>();
        for (PolicyCheck check : query.checks()) {
            EntityTypeName type = RESOURCE_TYPES.get(check.resource().type());
            if (type == null) {
                return PolicyDecision.deny(List.of(), "Policy cannot name a resource of type '"
                        + check.resource().type() + "', so Airlock denies it.");
            }
            EntityUID resource = type.of(check.resource().id());
            if (type.equals(AWS_RESOURCE)) {
                extra.add(awsResource(resource, check));
            }
            checks.add(new Check(resource, check.resource().id(), check.action(), check.table(),
                    contexts.of(check.context(), query.agent(), query.now(), query.sourceIp())));
        }
        return decide(query.agent().agentId(), checks, extra, query.rowFolding());
    }

    /**
     * An AWS resource as this check sees it: in the target the request goes through, in every
     * declared resource it sits in, and in whatever entities.json declares for it.
     */
    private Entity awsResource(EntityUID resource, PolicyCheck check) {
        String arn = check.resource().id();
        Set<EntityUID> parents = new HashSet<>();
        if (check.context().get("target") instanceof String target && !target.isEmpty()) {
            parents.add(TARGET.of(target));
        }
        Entity declared = loaded.awsResources().get(arn);
        if (declared != null) {
            parents.addAll(declared.getParents());
        }
        for (Map.Entry<String, Entity> candidate : loaded.awsResources().entrySet()) {
            if (isInside(arn, candidate.getKey())) {
                parents.add(candidate.getValue().getEUID());
            }
        }
        return new Entity(resource, Map.of(), parents);
    }

    /**
     * Whether {@code arn} names something inside {@code container}: it continues the container's
     * ARN past a separator, so a bucket "reports-old" is not inside "reports". A log group's
     * name holds slashes ("/demo/app" and "/demo/app/audit" are two groups): only ":" (its
     * streams) goes inside one.
     */
    static boolean isInside(String arn, String container) {
        if (arn.length() <= container.length() || !arn.startsWith(container)) {
            return false;
        }
        char next = arn.charAt(container.length());
        if (container.endsWith("/")) {
            return true;
        }
        boolean logGroup = container.startsWith("arn:aws:logs:") && container.contains(":log-group:");
        return next == ':' || (next == '/' && !logGroup);
    }

    private PolicyDecision decide(String agentId, List<Check> checks, Set<Entity> extraEntities,
                                  List<String> foldingAggregates) {
        EntityUID principal = AGENT.of(agentId);
        Set<String> allowingPolicies = new LinkedHashSet<>();
        List<ColumnMaskRule> maskRules = new ArrayList<>();
        List<JsonMaskRule> jsonMaskRules = new ArrayList<>();
        int maxRows = defaultMaxRows;
        Optional<Duration> timeout = Optional.empty();
        List<ApprovalRequirement> approvals = new ArrayList<>();
        Set<String> approvalPolicies = new LinkedHashSet<>();
        String approvalReason = null;
        for (Check check : checks) {
            String subject = agentId + " to run " + check.action() + " on " + check.resourceName();
            AuthorizationSuccessResponse verdict;
            try {
                verdict = authorize(principal, check, extraEntities);
            } catch (AuthException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cedar could not evaluate " + subject + ": " + e.getMessage());
                return PolicyDecision.deny(List.of(), "Policy evaluation failed for " + subject
                        + " (is " + check.action() + " declared in the schema?), so Airlock denies it.");
            }
            List<String> determining = verdict.getReason().stream().sorted().toList();
            if (!verdict.getErrors().isEmpty()) {
                List<String> erring = verdict.getErrors().stream()
                        .map(AuthorizationSuccessResponse.AuthorizationError::getPolicyId).distinct().sorted().toList();
                return PolicyDecision.deny(erring, "Policy " + String.join(", ", erring) + " failed to evaluate for "
                        + subject + ", so Airlock denies it.");
            }
            if (!verdict.isAllowed()) {
                return determining.isEmpty()
                        ? PolicyDecision.deny(List.of(), "No policy permits " + subject + " (Airlock denies by default).")
                        : PolicyDecision.deny(determining, "Policy " + String.join(", ", determining) + " forbids "
                        + subject + ".");
            }
            allowingPolicies.addAll(determining);
            for (String id : determining) {
                PolicyObligations o = loaded.obligations().getOrDefault(id, PolicyObligations.NONE);
                if (o.approval().isPresent()) {
                    if (approvalPolicies.add(id)) {
                        approvals.add(o.approval().get());
                    }
                    if (approvalReason == null) {
                        approvalReason = "Policy " + id + " requires " + describe(o.approval().get()) + " for "
                                + subject + ".";
                    }
                }
                // A rule naming its table applies where the statement touches that table.
                o.masks().stream().filter(spec -> spec.table().isEmpty() || check.table().isEmpty()
                                || spec.table().equals(check.table()))
                        .forEach(spec -> maskRules.add(spec.toRule(check.table())));
                jsonMaskRules.addAll(o.jsonMasks());
                if (o.maxRows().isPresent()) {
                    if (!foldingAggregates.isEmpty()) {
                        // One aggregate row can carry every row of the table; the cap must cover it too.
                        return PolicyDecision.deny(List.of(id), "Policy " + id + " caps " + subject + " at "
                                + o.maxRows().getAsInt() + " rows, and " + String.join(", ", foldingAggregates)
                                + " would fold any number of rows into one value. Select the rows themselves "
                                + "(at most " + o.maxRows().getAsInt() + " per request) instead.");
                    }
                    maxRows = Math.min(maxRows, o.maxRows().getAsInt());
                }
                if (o.timeout().isPresent()) {
                    // Several permits: the strictest timeout holds.
                    Duration own = o.timeout().get();
                    timeout = Optional.of(timeout.filter(t -> t.compareTo(own) <= 0).orElse(own));
                }
            }
        }
        if (approvalReason != null) {
            return new PolicyDecision(Effect.APPROVAL_REQUIRED, List.copyOf(approvalPolicies), approvalReason,
                    maskRules, jsonMaskRules, maxRows, approvals, timeout);
        }
        return new PolicyDecision(Effect.ALLOW, List.copyOf(allowingPolicies),
                "Allowed by policy " + String.join(", ", allowingPolicies) + ".", maskRules, jsonMaskRules, maxRows,
                List.of(), timeout);
    }

    private static String describe(ApprovalRequirement approval) {
        return approval.approvals() == 1
                ? "approval by a member of " + approval.group()
                : approval.approvals() + " approvals by members of " + approval.group();
    }

    /**
     * The schema stays out of the request: policies were validated against it at load, the
     * context is built by this class, and the slice carries the action groups.
     */
    private AuthorizationSuccessResponse authorize(EntityUID principal, Check check, Set<Entity> extraEntities)
            throws AuthException {
        EntityUID action = ACTION.of(check.action());
        if (!loaded.graph().declares(action)) {
            throw new IllegalArgumentException("action " + check.action() + " is not declared in the schema");
        }
        AuthorizationRequest request = new AuthorizationRequest(principal, action, check.resource(),
                new Context(check.context()), Optional.empty(), false);
        Entities entities = loaded.graph().slice(extraEntities, principal, action, check.resource());
        AuthorizationResponse response = engine.isAuthorized(request, loaded.policies(), entities);
        if (response.success.isEmpty()) {
            throw new IllegalStateException("Cedar returned no decision: "
                    + response.errors.map(Object::toString).orElse("no detail"));
        }
        return response.success.get();
    }
}
