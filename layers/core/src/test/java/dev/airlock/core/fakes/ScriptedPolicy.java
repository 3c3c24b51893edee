package dev.airlock.core.fakes;

import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.PolicyQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A policy engine whose decision a test scripts, keeping every query it was asked. */
public final class ScriptedPolicy implements PolicyEngine {
    public Function<PolicyQuery, PolicyDecision> decide;
    public final List<PolicyQuery> queries = new ArrayList<>();

    public ScriptedPolicy(Function<PolicyQuery, PolicyDecision> decide) {
        this.decide = decide;
    }

    @Override
    public PolicyDecision decide(PolicyQuery query) {
        queries.add(query);
        return decide.apply(query);
    }
}
