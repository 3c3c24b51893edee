package dev.airlock.awsapi.classify;

import java.util.List;
import java.util.Objects;

/**
 * What an SSM shell script was found to do.
 *
 * @param commandClass the worst of its commands (see {@link CommandClass#worst})
 * @param programs     the programs it runs, in order of first appearance, nested ones included
 * @param reason       why it has that class: the command or construct that decided it
 */
public record ShellClassification(CommandClass commandClass, List<String> programs, String reason) {
    public ShellClassification {
        Objects.requireNonNull(commandClass, "commandClass");
        programs = List.copyOf(programs);
        Objects.requireNonNull(reason, "reason");
    }
}
