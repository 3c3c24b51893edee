package dev.airlock.core.pipeline;

import java.util.Optional;

/**
 * One step of the request pipeline. A stage either lets the request continue (empty) or
 * ends it with an outcome; it does not throw for expected cases such as a bad token or a
 * denial. Anything it does throw fails the request closed.
 */
interface Stage {

    Optional<PipelineOutcome> apply(SqlExchange exchange);
}
