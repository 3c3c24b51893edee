package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.Approver;
import dev.airlock.core.port.ApproverDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Map<String, String> emailByApprover;

    private EntityApproverDirectory(Map<String, Set<String>> groupsByApprover, Map<String, String> emailByApprover) {
        this.groupsByApprover = groupsByApprover;
        this.emailByApprover = emailByApprover;
    }

    /**
     * The members of an approver group who can be notified (an {@code email} attribute that is
     * one plain address), in declaration order.
     */
    public List<Approver> membersOf(String group) {
        List<Approver> members = new ArrayList<>();
        groupsByApprover.forEach((id, groups) -> {
            String email = emailByApprover.get(id);
            if (groups.contains(group) && email != null) {
                try {
                    members.add(new Approver(id, email));
                } catch (IllegalArgumentException unusable) {
                    // Not reachable by mail; the approver still decides with the CLI.
                }
            }
        });
        return List.copyOf(members);
    }

    public static EntityApproverDirectory from(PolicyBundle bundle) throws PolicyLoadException {
        try {
            JsonNode root = JSON.readTree(bundle.entities().text());
            if (!root.isArray()) {
                throw new PolicyLoadException(bundle.entities().name() + " must be a JSON array of Cedar entities.");
            }
            Map<String, Set<String>> groups = new LinkedHashMap<>();
            Map<String, String> emails = new LinkedHashMap<>();
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
                JsonNode email = entity.path("attrs").path("email");
                if (email.isTextual()) {
                    emails.put(uid.path("id").asText(), email.asText());
                }
            }
            return new EntityApproverDirectory(java.util.Collections.unmodifiableMap(groups), Map.copyOf(emails));
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
