package dev.airlock.policy;

/** One file of the policy bundle, with helpers to turn offsets into line numbers. */
public record SourceFile(String name, String text) {

    /** {@code name:line:column} for a character offset into the file. */
    public String locate(int offset) {
        int line = 1;
        int column = 1;
        int end = Math.min(Math.max(offset, 0), text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return name + ":" + line + ":" + column;
    }
}
