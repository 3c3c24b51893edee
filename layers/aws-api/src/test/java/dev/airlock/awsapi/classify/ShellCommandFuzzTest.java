package dev.airlock.awsapi.classify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the shell classifier: whatever the script, it returns a classification, and a
 * script that runs a command substitution or {@code eval} is never read-only. The normal build
 * replays {@code ShellCommandFuzzTestInputs/}; to fuzz, run with {@code JAZZER_FUZZ=1} (see
 * SqlClassifierFuzzTest) and add any crash it finds there.
 *
 * <p>Quoted or commented text is data ({@code echo '$(x)'} is read-only, rightly), so the
 * property is checked where the shell would certainly expand: in raw input free of quotes,
 * escapes, comments and here-documents, and in scripts built with a live substitution or eval.
 */
class ShellCommandFuzzTest {
    private static final String[] PROGRAMS = {"ls", "cat", "grep", "echo", "head", "df", "ps", "sort", "wc", "find"};
    private static final String[] SEPARATORS = {";", "&&", "||", "|", "\n", "&", " ; "};

    @FuzzTest(maxDuration = "60s")
    void classify_neverThrowsAndNeverTrustsSubstitutions(FuzzedDataProvider data) {
        String script = data.consumeRemainingAsString();

        ShellClassification result = ShellCommand.classify(script);

        assertThat(result).isNotNull();
        boolean noQuoting = script.chars().noneMatch(c -> c == '\'' || c == '"' || c == '\\' || c == '#' || c == '<');
        if (noQuoting && (script.contains("$(") || script.contains("`"))) {
            assertThat(result.commandClass()).as(script).isNotEqualTo(CommandClass.READ_ONLY);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void classify_whenAReadOnlyScriptGainsASubstitutionOrEval_isNeverReadOnly(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 6);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segments.add(segment(data));
        }
        int at = data.consumeInt(0, count - 1);
        String inner = segment(data);
        String injected = switch (data.consumeInt(0, 3)) {
            case 0 -> segments.get(at) + " $(" + inner + ")";
            case 1 -> segments.get(at) + " `" + inner + "`";
            case 2 -> "eval " + inner;
            default -> segments.get(at) + " \"$(" + inner + ")\"";
        };
        segments.set(at, injected);
        StringBuilder script = new StringBuilder(segments.getFirst());
        for (int i = 1; i < segments.size(); i++) {
            script.append(data.pickValue(SEPARATORS)).append(segments.get(i));
        }

        ShellClassification result = ShellCommand.classify(script.toString());

        assertThat(result.commandClass()).as(script.toString()).isNotEqualTo(CommandClass.READ_ONLY);
    }

    /** A read-only program with arguments of letters, digits and path characters only. */
    private static String segment(FuzzedDataProvider data) {
        StringBuilder segment = new StringBuilder(data.pickValue(PROGRAMS));
        int args = data.consumeInt(0, 3);
        for (int i = 0; i < args; i++) {
            String arg = data.consumeAsciiString(12).replaceAll("[^A-Za-z0-9/._-]", "");
            if (!arg.isEmpty()) {
                segment.append(' ').append(arg);
            }
        }
        return segment.toString();
    }
}
