package dev.airlock.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Cedar file into its policies (at each {@code ;} outside strings and comments) so
 * a syntax error can be traced to the policy, and the line, where it sits: Cedar's own
 * parse error names no position.
 */
final class PolicySourceSplitter {
    private PolicySourceSplitter() {
    }

    /** A policy's text and the offset in the file where it starts. */
    record Chunk(int offset, String text) {
    }

    static List<Chunk> split(String source) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        boolean inString = false;
        boolean inComment = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inComment) {
                inComment = c != '\n';
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                inComment = true;
            } else if (c == ';') {
                chunks.add(new Chunk(start, source.substring(start, i + 1)));
                start = i + 1;
            }
        }
        if (!source.substring(start).isBlank() && !onlyComments(source.substring(start))) {
            chunks.add(new Chunk(start, source.substring(start)));
        }
        return chunks;
    }

    /** The offset of the first non-blank, non-comment character of a chunk. */
    static int firstCodeOffset(Chunk chunk) {
        String text = chunk.text();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                break;
            }
        }
        return chunk.offset() + i;
    }

    private static boolean onlyComments(String text) {
        return text.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("//"));
    }
}
