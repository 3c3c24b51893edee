package dev.airlock.core.engine;

import dev.airlock.core.model.Problem;

import java.util.Objects;

/** How running a request on its target ended: with an answer, or a problem safe to show the agent. */
public sealed interface Execution {

    record Ran(Executed answer) implements Execution {
        public Ran {
            Objects.requireNonNull(answer, "answer");
        }
    }

    record Failed(Problem problem) implements Execution {
        public Failed {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
