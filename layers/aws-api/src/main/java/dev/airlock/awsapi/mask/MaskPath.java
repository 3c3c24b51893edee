package dev.airlock.awsapi.mask;

import java.util.ArrayList;
import java.util.List;

/**
 * A path into an answer whose value is replaced whole: field (or element) names joined by dots,
 * {@code []} after a name for each element of that list ({@code Parameters[].Value}). A leading
 * {@code $.} is allowed.
 *
 * @param text  the path as written (masks are counted under it)
 * @param steps names, and {@link #EACH} for each list element
 */
record MaskPath(String text, List<String> steps) {
    static final String EACH = "[]";

    static MaskPath parse(String text) {
        String rest = text.startsWith("$.") ? text.substring(2) : text;
        List<String> steps = new ArrayList<>();
        for (String part : rest.split("\\.", -1)) {
            String name = part;
            int lists = 0;
            while (name.endsWith(EACH)) {
                name = name.substring(0, name.length() - EACH.length());
                lists++;
            }
            if (name.isEmpty() && (lists == 0 || !steps.isEmpty())) {
                throw new IllegalArgumentException("the mask path '" + text + "' has an empty step");
            }
            if (name.contains("[") || name.contains("]")) {
                throw new IllegalArgumentException("the mask path '" + text + "' has a bracket other than []");
            }
            if (!name.isEmpty()) {
                steps.add(name);
            }
            for (int i = 0; i < lists; i++) {
                steps.add(EACH);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("the mask path '" + text + "' names nothing");
        }
        return new MaskPath(text, List.copyOf(steps));
    }

    static List<MaskPath> parseAll(List<String> paths) {
        return paths.stream().map(MaskPath::parse).toList();
    }
}
