package dev.airlock.awsapi.classify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The data the shell classifier judges programs by: {@code classify/read-only-commands.json}. */
record ShellRules(Map<String, ProgramRule> readOnly, FindRule find, Set<String> writers, Set<String> destructive,
                  List<String> destructivePrefixes) {
    static final String RESOURCE = "/classify/read-only-commands.json";

    /**
     * How a read-only program would stop being read-only.
     *
     * @param forbiddenOptions    option to the class it gives the command
     * @param optionStyle         {@code getopt} (default) or {@code words}
     * @param optionsWithArgument options whose value is the next word (so it is no operand)
     * @param subcommands         the first operand's classes; any other subcommand is unknown
     * @param subcommandFirst     the subcommand must be the first argument (no global options)
     * @param noSubcommand        the class without a subcommand (unknown when absent)
     * @param maxOperands         more operands than this give {@code extraOperands}
     * @param operandPrefix       operands not starting with this give {@code extraOperands}
     * @param extraOperands       the class of an operand beyond those allowed
     * @param requiredOptions     options that must be present (top only with -b)
     */
    record ProgramRule(Map<String, String> forbiddenOptions, String optionStyle, List<String> optionsWithArgument,
                       Map<String, String> subcommands, boolean subcommandFirst, String noSubcommand,
                       Integer maxOperands, String operandPrefix, String extraOperands,
                       List<String> requiredOptions) {
        ProgramRule {
            forbiddenOptions = forbiddenOptions == null ? Map.of() : Map.copyOf(forbiddenOptions);
            optionStyle = optionStyle == null ? "getopt" : optionStyle;
            optionsWithArgument = optionsWithArgument == null ? List.of() : List.copyOf(optionsWithArgument);
            requiredOptions = requiredOptions == null ? List.of() : List.copyOf(requiredOptions);
            extraOperands = extraOperands == null ? "unknown" : extraOperands;
        }

        /** Whether an argument the shell expands could turn into something this rule forbids. */
        boolean hasSurface() {
            return !forbiddenOptions.isEmpty() || subcommands != null || maxOperands != null || operandPrefix != null
                    || !requiredOptions.isEmpty();
        }
    }

    record FindRule(Map<String, String> forbiddenPredicates, Set<String> execPredicates) {
    }

    static ShellRules load() {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = ShellRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shell classifier's rules " + RESOURCE + " are missing");
            }
            ShellRules rules = mapper.readValue(in, ShellRules.class);
            rules.readOnly.values().forEach(ShellRules::validate);
            rules.find.forbiddenPredicates().values().forEach(CommandClass::fromPolicyName);
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException("the shell classifier's rules " + RESOURCE + " do not read", e);
        }
    }

    /** A typo in the data fails at start, not as a silent read-only. */
    private static void validate(ProgramRule rule) {
        rule.forbiddenOptions().values().forEach(CommandClass::fromPolicyName);
        if (rule.subcommands() != null) {
            rule.subcommands().values().forEach(CommandClass::fromPolicyName);
        }
        if (rule.noSubcommand() != null) {
            CommandClass.fromPolicyName(rule.noSubcommand());
        }
        CommandClass.fromPolicyName(rule.extraOperands());
        if (!rule.optionStyle().equals("getopt") && !rule.optionStyle().equals("words")) {
            throw new IllegalStateException("option style '" + rule.optionStyle() + "' is neither getopt nor words");
        }
    }
}
