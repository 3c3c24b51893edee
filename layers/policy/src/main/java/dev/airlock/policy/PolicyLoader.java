package dev.airlock.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.EntityValidationRequest;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Parses and validates a {@link PolicyBundle}: the schema, the entities against the schema, each
 * policy against the schema, and each annotation. The first problem stops loading with the
 * file, the line and what to fix.
 */
final class PolicyLoader {
    private PolicyLoader() {
    }

    private record Located(SourceFile file, int offset) {
        String where() {
            return file.locate(offset);
        }
    }

    static LoadedPolicies load(PolicyBundle bundle) throws PolicyLoadException {
        Schema schema = parseSchema(bundle.schema());
        Entities entities = parseEntities(bundle.entities());
        Set<String> approverGroups = idsOfType(entities, "ApproverGroup");
        Set<Policy> rebuilt = new LinkedHashSet<>();
        Map<String, PolicyObligations> obligations = new HashMap<>();
        Map<String, Located> origins = new HashMap<>();
        List<String> ids = new ArrayList<>();
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
                PolicyObligations obligation;
                try {
                    obligation = PolicyObligations.parse(annotations);
                } catch (IllegalArgumentException e) {
                    throw new PolicyLoadException(file.locate(offset) + ": policy '" + id + "': " + e.getMessage());
                }
                if (obligation.approval().isPresent()
                        && !approverGroups.contains(obligation.approval().get().group())) {
                    throw new PolicyLoadException(file.locate(offset) + ": policy '" + id + "' asks approval from "
                            + "approver group '" + obligation.approval().get().group() + "', which "
                            + bundle.entities().name() + " does not declare. Add {\"uid\": {\"type\": \"ApproverGroup\", "
                            + "\"id\": \"" + obligation.approval().get().group() + "\"}, \"attrs\": {}, \"parents\": []}"
                            + " and its approvers.");
                }
                obligations.put(id, obligation);
                // cedar-java ignores @id and numbers policies policy0..N; rebuilding keeps the real ids.
                rebuilt.add(new Policy(source, id));
                origins.put(id, new Located(file, offset));
                ids.add(id);
            }
        }
        PolicySet policySet = new PolicySet(rebuilt);
        validate(schema, policySet, entities, origins, bundle);
        cacheInCedar(schema, policySet);
        Map<String, Entity> awsResources = new TreeMap<>();
        for (Entity entity : entities.getEntities()) {
            if (entity.getEUID().getType().toString().equals("AwsResource")) {
                awsResources.put(entity.getEUID().getId().getRepr(), entity);
            }
        }
        return new LoadedPolicies(schema, policySet, entities, new EntityGraph(entities, schema),
                Map.copyOf(obligations), Map.copyOf(awsResources),
                idsOfType(entities, "Agent"), List.copyOf(ids));
    }

    /** Without this, every decision sends the policies and the schema across JNI to be parsed again. */
    private static void cacheInCedar(Schema schema, PolicySet policySet) throws PolicyLoadException {
        try {
            schema.cache();
            policySet.cache();
        } catch (com.cedarpolicy.model.exception.CacheException e) {
            throw new PolicyLoadException("Cedar could not cache the policies: " + e.getMessage(), e);
        }
    }

    private static Set<String> idsOfType(Entities entities, String type) {
        Set<String> ids = new TreeSet<>();
        for (Entity entity : entities.getEntities()) {
            if (entity.getEUID().getType().toString().equals(type)) {
                ids.add(entity.getEUID().getId().getRepr());
            }
        }
        return ids;
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
                    + cedarMessage(e) + ". Use only the entity types and attributes the schema declares.", e);
        }
    }

    static String cedarMessage(AuthException e) {
        if (e instanceof InternalException internal && !internal.getErrors().isEmpty()) {
            return String.join("; ", internal.getErrors()).replace("Internal JNI Error: ", "");
        }
        return String.valueOf(e.getMessage()).replace("Internal error: ", "").replace("Internal JNI Error: ", "");
    }
}
