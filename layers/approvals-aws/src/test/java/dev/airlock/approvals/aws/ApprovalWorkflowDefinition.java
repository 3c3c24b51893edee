package dev.airlock.approvals.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine definition exactly as CDK deploys it ({@code infra/approval-workflow.asl.json},
 * loaded with {@code DefinitionBody.fromFile}), with its {@code ${Name}} placeholders replaced the
 * way Step Functions' DefinitionSubstitutions replace them.
 */
final class ApprovalWorkflowDefinition {
    static final Path FILE = locate();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private ApprovalWorkflowDefinition() {
    }

    static String raw() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TreeSet<String> placeholders() {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(raw());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The definition with every placeholder substituted; a missing substitution fails. */
    static String substituted(Map<String, String> substitutions) {
        Matcher m = PLACEHOLDER.matcher(raw());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = substitutions.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no substitution for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("infra/approval-workflow.asl.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("infra/approval-workflow.asl.json not found above " + Path.of("").toAbsolutePath());
    }
}
