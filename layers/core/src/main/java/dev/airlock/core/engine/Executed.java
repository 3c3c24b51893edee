package dev.airlock.core.engine;

import dev.airlock.core.model.PolicyDecision;

/**
 * What the target answered, still unmasked: it never leaves the gateway as it is. Masking it
 * is the engine's job, since only the engine knows where data sits in its protocol's answers.
 */
public interface Executed {

    /** Masks the answer by the rules the decision carries, and by the content detectors. */
    MaskedResponse mask(PolicyDecision decision);
}
