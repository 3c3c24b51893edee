package dev.airlock.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.EntityValidationRequest;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.AuthorizationQuery;
import dev.airlock.core.port.PolicyEngine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides SQL requests with Cedar. A statement is authorized once per table it touches, with
 * the action of that access ({@code sql:update} for the table changed, {@code sql:select} for
 * tables only read); all must allow. Default deny, forbid wins, and any evaluation error denies.
 */
public final class CedarPolicyEngine implements PolicyEngine {
    private static final EntityTypeName AGENT = EntityTypeName.parse("Agent").orElseThrow();
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final EntityTypeName TARGET = EntityTypeName.parse("Target").orElseThrow();
    private static final EntityTypeName TABLE = EntityTypeName.parse("Table").orElseThrow();

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final Schema schema;
    private final PolicySet policies;
    private final Entities entities;
    private final Map<String, PolicyObligations> obligations;

    private CedarPolicyEngine(Schema schema, PolicySet policies, Entities entities,
                              Map<String, PolicyObligations> obligations) {
        this.schema = schema;
        this.policies = policies;
        this.entities = entities;
        this.obligations = Map.copyOf(obligations);
    }

    /**
     * Parses and validates the bundle against its schema.
     *
     * @throws PolicyLoadException naming the file, line and fix for the first problem found
     */
    public static CedarPolicyEngine load(PolicyBundle bundle) throws PolicyLoadException {
        Schema schema = parseSchema(bundle.schema());
        Entities entities = parseEntities(bundle.entities());
        Set<Policy> rebuilt = new LinkedHashSet<>();
        Map<String, PolicyObligations> obligations = new HashMap<>();
        Map<String, Located> origins = new HashMap<>();
        for (SourceFile file : bundle.policies()) {
            int index = 0;
            for (Policy parsed : parsePolicies(file)) {
                String source = parsed.getSource();
                int offset = Math.max(0, file.text().indexOf(source));
                Map<String, String> annotations = annotations(parsed, file, offset);
                String id = annotations.getOrDefault("id", file.name() + "#" + index);
                index++;
                if (origins.containsKey(id)) {
                    throw new PolicyLoadException(file.locate(offset) + ": policy id '" + id + "' is already used at "
                            + origins.get(id).where() + ". Give each policy a unique @id.");
                }
                try {
                    obligations.put(id, PolicyObligations.parse(annotations));
                } catch (IllegalArgumentException e) {
                    throw new PolicyLoadException(file.locate(offset) + ": policy '" + id + "': " + e.getMessage());
                }
                // cedar-java ignores @id and numbers policies policy0..N; rebuilding keeps the real ids.
                rebuilt.add(new Policy(source, id));
                origins.put(id, new Located(file, offset));
            }
        }
        PolicySet policySet = new PolicySet(rebuilt);
        validate(schema, policySet, entities, origins, bundle);
        return new CedarPolicyEngine(schema, policySet, entities, obligations);
    }

    private record Located(SourceFile file, int offset) {
        String where() {
            return file.locate(offset);
        }
    }

    private static Schema parseSchema(SourceFile file) throws PolicyLoadException {
        try {
            return Schema.parse(Schema.JsonOrCedar.Cedar, file.text());
        } catch (InternalException e) {
            throw new PolicyLoadException(file.name() + ": the schema does not parse: " + cedarMessage(e)
                    + ". Fix the schema syntax (https://docs.cedarpolicy.com/schema/human-readable-schema.html).", e);
        }
    }

    private static Entities parseEntities(SourceFile file) throws PolicyLoadException {
        try {
            return Entities.parse(file.text());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PolicyLoadException(file.name() + ":" + line + ": not valid Cedar entities JSON: "
                    + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new PolicyLoadException(file.name() + ": not valid Cedar entities JSON: " + e.getMessage(), e);
        }
    }

    private static Set<Policy> parsePolicies(SourceFile file) throws PolicyLoadException {
        try {
            return PolicySet.parsePolicies(file.text()).policies;
        } catch (InternalException e) {
            // Cedar names no position: find the policy that fails on its own.
            for (PolicySourceSplitter.Chunk chunk : PolicySourceSplitter.split(file.text())) {
                try {
                    PolicySet.parsePolicies(chunk.text());
                } catch (InternalException inner) {
                    throw new PolicyLoadException(file.locate(PolicySourceSplitter.firstCodeOffset(chunk))
                            + ": this policy does not parse: " + cedarMessage(inner)
                            + ". Check the syntax against https://docs.cedarpolicy.com/policies/syntax-policy.html.", e);
                }
            }
            throw new PolicyLoadException(file.name() + ": does not parse: " + cedarMessage(e), e);
        }
    }

    private static Map<String, String> annotations(Policy policy, SourceFile file, int offset)
            throws PolicyLoadException {
        try {
            return policy.getAnnotations();
        } catch (InternalException e) {
            throw new PolicyLoadException(file.locate(offset) + ": cannot read annotations: " + cedarMessage(e), e);
        }
    }

    private static void validate(Schema schema, PolicySet policySet, Entities entities, Map<String, Located> origins,
                                 PolicyBundle bundle) throws PolicyLoadException {
        BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
        ValidationResponse response;
        try {
            response = engine.validate(new ValidationRequest(schema, policySet));
        } catch (AuthException e) {
            throw new PolicyLoadException("Policies in " + bundle.origin() + " cannot be validated: "
                    + cedarMessage(e), e);
        }
        if (!response.validationPassed()) {
            List<String> problems = new ArrayList<>();
            response.success.ifPresent(s -> s.validationErrors.forEach(error -> {
                Located origin = origins.get(error.getPolicyId());
                DetailedError detail = error.getError();
                int start = detail.sourceLocations.isEmpty() ? 0 : detail.sourceLocations.get(0).start;
                String where = origin == null ? bundle.origin() : origin.file().locate(origin.offset() + start);
                problems.add(where + ": " + detail.message + detail.help.map(h -> " (" + h + ")").orElse(""));
            }));
            response.errors.ifPresent(errors -> errors.forEach(e -> problems.add(bundle.origin() + ": " + e.message)));
            throw new PolicyLoadException("Policies do not match the schema " + bundle.schema().name() + ":\n  "
                    + String.join("\n  ", problems.stream().distinct().toList())
                    + "\nFix each policy, or extend the schema if it is missing something.");
        }
        try {
            engine.validateEntities(new EntityValidationRequest(schema, new ArrayList<>(entities.getEntities())));
        } catch (AuthException e) {
            throw new PolicyLoadException(bundle.entities().name() + " does not match the schema: "
                    + cedarMessage(e) + ". Use only the entity types the schema declares.", e);
        }
    }

    private static String cedarMessage(AuthException e) {
        if (e instanceof InternalException internal && !internal.getErrors().isEmpty()) {
            return String.join("; ", internal.getErrors()).replace("Internal JNI Error: ", "");
        }
        return String.valueOf(e.getMessage()).replace("Internal error: ", "").replace("Internal JNI Error: ", "");
    }

    @Override
    public PolicyDecision decide(AuthorizationQuery query) {
        SqlClassification statement = query.classification();
        Map<String, Value> context = context(query);
        EntityUID principal = AGENT.of(query.agent().agentId());

        List<TableAccess> accesses = statement.accesses();
        List<Check> checks = new ArrayList<>();
        if (accesses.isEmpty()) {
            checks.add(new Check(TARGET.of(query.target()), query.target(), statement.kind(), Optional.empty()));
        } else {
            for (TableAccess access : accesses) {
                String id = query.target() + "." + access.table().qualifiedName();
                checks.add(new Check(TABLE.of(id), id, access.kind(), Optional.of(access.table())));
            }
        }

        Set<String> allowingPolicies = new LinkedHashSet<>();
        List<ColumnMaskRule> maskRules = new ArrayList<>();
        int maxRows = PolicyDecision.DEFAULT_MAX_ROWS;
        String approvalReason = null;
        Set<String> approvalPolicies = new LinkedHashSet<>();
        for (Check check : checks) {
            String action = check.kind().action();
            String subject = query.agent().agentId() + " to run " + action + " on " + check.resourceName();
            AuthorizationSuccessResponse verdict;
            try {
                verdict = authorize(principal, ACTION.of(action), check.resource(), context);
            } catch (AuthException | RuntimeException e) {
                return PolicyDecision.deny(List.of(), "Policy evaluation failed for " + subject
                        + ", so Airlock denies it.");
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
                PolicyObligations o = obligations.getOrDefault(id, PolicyObligations.NONE);
                if (o.approvalRequired()) {
                    approvalPolicies.add(id);
                    if (approvalReason == null) {
                        approvalReason = "Policy " + id + " requires a human to approve " + subject + ".";
                    }
                }
                o.masks().forEach(spec -> maskRules.add(spec.toRule(check.table())));
                if (o.maxRows().isPresent()) {
                    maxRows = Math.min(maxRows, o.maxRows().getAsInt());
                }
            }
        }
        if (approvalReason != null) {
            return new PolicyDecision(Effect.APPROVAL_REQUIRED, List.copyOf(approvalPolicies), approvalReason,
                    maskRules, maxRows);
        }
        return new PolicyDecision(Effect.ALLOW, List.copyOf(allowingPolicies),
                "Allowed by policy " + String.join(", ", allowingPolicies) + ".", maskRules, maxRows);
    }

    /** One authorization question: may the agent do {@code kind} to this resource? */
    private record Check(EntityUID resource, String resourceName, StatementKind kind, Optional<TableRef> table) {
    }

    private AuthorizationSuccessResponse authorize(EntityUID principal, EntityUID action, EntityUID resource,
                                                   Map<String, Value> context) throws AuthException {
        AuthorizationRequest request = new AuthorizationRequest(principal, action, resource, new Context(context),
                Optional.of(schema), true);
        AuthorizationResponse response = engine.isAuthorized(request, policies, entities);
        if (response.success.isEmpty()) {
            throw new IllegalStateException("Cedar returned no decision: "
                    + response.errors.map(Object::toString).orElse("no detail"));
        }
        return response.success.get();
    }

    private static Map<String, Value> context(AuthorizationQuery query) {
        SqlClassification c = query.classification();
        Map<String, Value> context = new LinkedHashMap<>();
        context.put("target", new PrimString(query.target()));
        context.put("statementKind", new PrimString(c.kind().name().toLowerCase(Locale.ROOT)));
        context.put("risk", new PrimString(c.risk().name().toLowerCase(Locale.ROOT)));
        context.put("hasWhere", new PrimBool(c.hasWhere()));
        context.put("statementCount", new PrimLong(c.statementCount()));
        context.put("tablesRead", names(c.tablesRead()));
        context.put("tablesWritten", names(c.tablesWritten()));
        return context;
    }

    private static CedarList names(List<TableRef> tables) {
        List<Value> values = new ArrayList<>();
        new HashSet<>(tables).stream().map(TableRef::qualifiedName).sorted().forEach(n -> values.add(new PrimString(n)));
        return new CedarList(values);
    }
}
