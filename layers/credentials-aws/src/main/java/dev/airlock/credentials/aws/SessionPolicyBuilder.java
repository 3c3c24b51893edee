package dev.airlock.credentials.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the minimal inline session policy for an {@link AwsAccess}: Allow statements only,
 * one per distinct set of actions sharing the same set of resources, in canonical order, so
 * identical requests give byte-identical policies (and hit the same cached session).
 *
 * <p>The role's own policy still bounds what the session may do; the session policy can only
 * narrow it to this one request.
 */
public final class SessionPolicyBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Statement> STATEMENT_ORDER = Comparator
            .comparing((Statement s) -> String.join(",", s.actions()))
            .thenComparing(s -> String.join(",", s.resources()));

    private SessionPolicyBuilder() {
    }

    private record Statement(SortedSet<String> actions, SortedSet<String> resources) {
    }

    /** @throws SessionPolicyTooLargeException when the policy would exceed STS's limit */
    public static SessionPolicy build(AwsAccess access) {
        // resource -> its actions; then resources with the same action set share one statement.
        Map<String, SortedSet<String>> actionsByResource = new TreeMap<>();
        for (ScopedAction grant : access.grants()) {
            actionsByResource.computeIfAbsent(grant.resource(), r -> new TreeSet<>()).add(grant.action());
        }
        Map<SortedSet<String>, SortedSet<String>> resourcesByActions = new LinkedHashMap<>();
        actionsByResource.forEach((resource, actions) ->
                resourcesByActions.computeIfAbsent(actions, a -> new TreeSet<>()).add(resource));
        List<Statement> statements = new ArrayList<>();
        resourcesByActions.forEach((actions, resources) -> statements.add(new Statement(actions, resources)));
        statements.sort(STATEMENT_ORDER);

        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode array = policy.putArray("Statement");
        for (Statement statement : statements) {
            ObjectNode node = array.addObject();
            node.put("Effect", "Allow");
            putOneOrMany(node, "Action", statement.actions());
            putOneOrMany(node, "Resource", statement.resources());
        }
        String json;
        try {
            json = JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (json.length() > SessionPolicy.MAX_CHARACTERS) {
            throw new SessionPolicyTooLargeException(json.length(), SessionPolicy.MAX_CHARACTERS);
        }
        return new SessionPolicy(json);
    }

    private static void putOneOrMany(ObjectNode node, String field, SortedSet<String> values) {
        if (values.size() == 1) {
            node.put(field, values.first());
        } else {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}
