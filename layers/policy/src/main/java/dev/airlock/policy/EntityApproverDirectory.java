package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.port.ApproverDirectory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The approvers declared in the policies' {@code entities.json}: each {@code Approver} entity and
 * the {@code ApproverGroup}s it is in. Only these may approve, and only for their groups.
 */
public final class EntityApproverDirectory implements ApproverDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<String>> groupsByApprover;

    private EntityApproverDirectory(Map<String, Set<String>> groupsByApprover) {
        this.groupsByApprover = groupsByApprover;
    }

    public static EntityApproverDirectory from(PolicyBundle bundle) throws PolicyLoadException {
        try {
            JsonNode root = JSON.readTree(bundle.entities().text());
            if (!root.isArray()) {
                throw new PolicyLoadException(bundle.entities().name() + " must be a JSON array of Cedar entities.");
            }
            Map<String, Set<String>> groups = new LinkedHashMap<>();
            for (JsonNode entity : root) {
                JsonNode uid = entity.path("uid");
                if (!"Approver".equals(uid.path("type").asText())) {
                    continue;
                }
                Set<String> memberOf = new TreeSet<>();
                for (JsonNode parent : entity.path("parents")) {
                    if ("ApproverGroup".equals(parent.path("type").asText())) {
                        memberOf.add(parent.path("id").asText());
                    }
                }
                groups.put(uid.path("id").asText(), Set.copyOf(memberOf));
            }
            return new EntityApproverDirectory(Map.copyOf(groups));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PolicyLoadException(bundle.entities().name() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean isApprover(String approverId) {
        return approverId != null && groupsByApprover.containsKey(approverId);
    }

    @Override
    public Set<String> groupsOf(String approverId) {
        return approverId == null ? Set.of() : groupsByApprover.getOrDefault(approverId, Set.of());
    }
}
