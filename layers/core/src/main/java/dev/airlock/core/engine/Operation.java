package dev.airlock.core.engine;

/**
 * A request as an engine decoded it: the protocol's own shape (a SQL statement with its
 * parameters, an AWS call with its input). The pipeline only ever asks which target it is for.
 */
public interface Operation {

    /** The configured target the agent names. */
    String target();
}
