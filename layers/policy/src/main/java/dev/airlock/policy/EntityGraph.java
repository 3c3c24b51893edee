package dev.airlock.policy;

import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The entities a decision can reach: a request needs only its principal, action and resource
 * and their ancestors, and sending Cedar that slice instead of every entity, with the action
 * hierarchy spelled out (so no schema has to travel with each request), makes a decision
 * several times cheaper. Policies are validated against the schema once, at load.
 */
final class EntityGraph {
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();

    private final Map<EntityUID, Entity> byUid = new HashMap<>();

    EntityGraph(Entities entities, Schema schema) throws PolicyLoadException {
        for (Entity entity : entities.getEntities()) {
            byUid.put(entity.getEUID(), entity);
        }
        for (Entity action : actions(schema)) {
            byUid.put(action.getEUID(), action);
        }
    }

    /** The action entities and their groups, as the schema declares them. */
    private static Collection<Entity> actions(Schema schema) throws PolicyLoadException {
        JsonNode json;
        try {
            json = schema.toJsonFormat();
        } catch (InternalException | JsonProcessingException e) {
            throw new PolicyLoadException("Cannot read the actions the schema declares: " + e.getMessage(), e);
        }
        Map<EntityUID, Entity> actions = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> namespaces = json.fields(); namespaces.hasNext(); ) {
            JsonNode declared = namespaces.next().getValue().path("actions");
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> action = it.next();
                Set<EntityUID> parents = new HashSet<>();
                action.getValue().path("memberOf").forEach(m -> parents.add(ACTION.of(m.path("id").asText())));
                actions.put(ACTION.of(action.getKey()), new Entity(ACTION.of(action.getKey()), Map.of(), parents));
            }
        }
        return actions.values();
    }

    boolean declares(EntityUID uid) {
        return byUid.containsKey(uid);
    }

    /** The given entities and everything they are in, transitively, plus {@code extra} entities. */
    Entities slice(Collection<Entity> extra, EntityUID... roots) {
        Map<EntityUID, Entity> local = new HashMap<>();
        extra.forEach(e -> local.put(e.getEUID(), e));
        Set<Entity> out = new HashSet<>();
        Set<EntityUID> seen = new HashSet<>();
        Deque<EntityUID> toVisit = new ArrayDeque<>(java.util.List.of(roots));
        while (!toVisit.isEmpty()) {
            EntityUID uid = toVisit.pop();
            if (!seen.add(uid)) {
                continue;
            }
            Entity entity = local.containsKey(uid) ? local.get(uid) : byUid.get(uid);
            if (entity != null) {
                out.add(entity);
                toVisit.addAll(entity.getParents());
            }
        }
        return new Entities(out);
    }

    /** Everything an entity is in, transitively (itself excluded). */
    Set<EntityUID> ancestors(EntityUID uid) {
        Set<EntityUID> out = new HashSet<>();
        Deque<EntityUID> toVisit = new ArrayDeque<>();
        Entity start = byUid.get(uid);
        if (start != null) {
            toVisit.addAll(start.getParents());
        }
        while (!toVisit.isEmpty()) {
            EntityUID next = toVisit.pop();
            if (out.add(next) && byUid.containsKey(next)) {
                toVisit.addAll(byUid.get(next).getParents());
            }
        }
        return out;
    }
}
