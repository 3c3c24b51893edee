package dev.airlock.policy;

import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy bundle parsed and validated: what the engine decides with.
 *
 * @param schema       the Cedar schema
 * @param policies     the policies, under their {@code @id}
 * @param entities     agents, groups, approvers, targets, tables and AWS resources
 * @param graph        the entities and the schema's actions, to slice per request
 * @param obligations  what each permit policy asks for beyond allow, by policy id
 * @param awsResources the declared AWS resource entities, by ARN, to place undeclared ARNs under
 * @param agents       the declared agent ids
 */
record LoadedPolicies(Schema schema, PolicySet policies, Entities entities, EntityGraph graph,
                      Map<String, PolicyObligations> obligations, Map<String, Entity> awsResources, Set<String> agents,
                      List<String> policyIds) {
}
