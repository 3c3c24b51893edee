package dev.airlock.cli;

/** Quoting for text pasted into a POSIX shell or an AWS config's credential_process line. */
final class Shell {
    private Shell() {
    }

    /** As is when plainly safe, else in single quotes (a quote inside becomes '\''). */
    static String quote(String value) {
        if (value.matches("[A-Za-z0-9._/:@%+=,-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
