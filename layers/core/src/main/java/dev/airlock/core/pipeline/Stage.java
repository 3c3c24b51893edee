package dev.airlock.core.pipeline;

/**
 * One step of the request pipeline. A stage either lets the request continue with a new state
 * or ends it with an outcome; it does not throw for expected cases such as a bad token or a
 * denial. Anything it does throw fails the request closed.
 */
interface Stage {

    StageResult apply(RequestState state);
}
