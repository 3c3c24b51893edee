package dev.airlock.policy;

import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which targets the permit policies could ever let one agent act on, read from each policy's
 * scope (its principal, action and resource) and the entity graph. It over-approximates what
 * conditions allow (a {@code when} clause only narrows a permit), except that a policy open to
 * every principal whose conditions name agent groups counts only for agents in one of them.
 * Anything it cannot read (a scope it does not understand) counts as nothing: hidden.
 */
final class PolicyReach {
    private static final Pattern HEAD = Pattern.compile(
            "\\bpermit\\s*\\(\\s*principal\\b([^,]*),\\s*action\\b([^)]*?),\\s*resource\\b([^,)]*)\\)(.*)",
            Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("(\\w+)::\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CONDITION_GROUP = Pattern.compile(
            "principal\\s+(?:in|==)\\s+(\\w+)::\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");
    private static final Map<String, String> ACTION_PROTOCOLS = Map.of("sql:", "sql", "aws:", "aws");

    private final List<Scope> scopes;
    private final EntityGraph graph;

    /** One permit policy's scope: each part empty when unconstrained. */
    private record Scope(Optional<EntityUID> principal, Optional<Set<String>> protocols, Optional<EntityUID> resource,
                         Set<EntityUID> conditionPrincipals) {
    }

    private PolicyReach(List<Scope> scopes, EntityGraph graph) {
        this.scopes = scopes;
        this.graph = graph;
    }

    static PolicyReach of(List<String> policySources, EntityGraph graph) {
        List<Scope> scopes = new ArrayList<>();
        for (String source : policySources) {
            scope(LINE_COMMENT.matcher(source).replaceAll("")).ifPresent(scopes::add);
        }
        return new PolicyReach(List.copyOf(scopes), graph);
    }

    /** A permit's scope, or empty for a forbid or a permit this cannot read. */
    private static Optional<Scope> scope(String source) {
        Matcher head = HEAD.matcher(source);
        if (!head.find()) {
            return Optional.empty();
        }
        Optional<Optional<EntityUID>> principal = entityConstraint(head.group(1));
        Optional<Optional<EntityUID>> resource = entityConstraint(head.group(3));
        if (principal.isEmpty() || resource.isEmpty()) {
            return Optional.empty();
        }
        String action = head.group(2).strip();
        Optional<Set<String>> protocols = Optional.empty();
        if (!action.isEmpty()) {
            Set<String> named = new HashSet<>();
            Matcher entity = ENTITY.matcher(action);
            while (entity.find()) {
                String id = entity.group(2);
                ACTION_PROTOCOLS.forEach((prefix, protocol) -> {
                    if (id.startsWith(prefix)) {
                        named.add(protocol);
                    }
                });
            }
            protocols = Optional.of(named);
        }
        Set<EntityUID> conditionPrincipals = new HashSet<>();
        Matcher condition = CONDITION_GROUP.matcher(head.group(4));
        while (condition.find()) {
            uid(condition.group(1), condition.group(2)).ifPresent(conditionPrincipals::add);
        }
        return Optional.of(new Scope(principal.get(), protocols, resource.get(), conditionPrincipals));
    }

    /** {@code ""} (any), {@code == E} or {@code in E}: the entity, if any; empty when unreadable. */
    private static Optional<Optional<EntityUID>> entityConstraint(String constraint) {
        String text = constraint.strip();
        if (text.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        Matcher m = Pattern.compile("^(?:==|in)\\s+(\\w+)::\"((?:[^\"\\\\]|\\\\.)*)\"$").matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return uid(m.group(1), m.group(2)).map(Optional::of);
    }

    private static Optional<EntityUID> uid(String type, String id) {
        return EntityTypeName.parse(type).map(t -> t.of(id));
    }

    Set<String> targetsFor(String agentId, Map<String, String> targetProtocols) {
        EntityUID agent = EntityTypeName.parse("Agent").orElseThrow().of(agentId);
        Set<EntityUID> agentAndGroups = new HashSet<>(graph.ancestors(agent));
        agentAndGroups.add(agent);
        Set<String> reach = new TreeSet<>();
        for (Scope scope : scopes) {
            if (scope.principal().isPresent() && !agentAndGroups.contains(scope.principal().get())) {
                continue;
            }
            if (scope.principal().isEmpty() && !scope.conditionPrincipals().isEmpty()
                    && scope.conditionPrincipals().stream().noneMatch(agentAndGroups::contains)) {
                continue;
            }
            targetProtocols.forEach((target, protocol) -> {
                if (scope.protocols().map(p -> p.contains(protocol)).orElse(true)
                        && resourceMayBeIn(scope.resource(), target, protocol)) {
                    reach.add(target);
                }
            });
        }
        return reach;
    }

    private boolean resourceMayBeIn(Optional<EntityUID> resource, String target, String protocol) {
        if (resource.isEmpty()) {
            return true;
        }
        EntityUID named = resource.get();
        String type = named.getType().getBaseName();
        EntityUID targetUid = EntityTypeName.parse("Target").orElseThrow().of(target);
        if (type.equals("Target")) {
            return named.equals(targetUid);
        }
        Set<EntityUID> ancestors = graph.ancestors(named);
        if (ancestors.contains(targetUid)) {
            return true;
        }
        boolean placedInSomeTarget = ancestors.stream().anyMatch(a -> a.getType().getBaseName().equals("Target"));
        // An AWS resource no entity places is put, at decision time, in the target the request goes through.
        return type.equals("AwsResource") && !placedInSomeTarget && protocol.equals("aws");
    }
}
