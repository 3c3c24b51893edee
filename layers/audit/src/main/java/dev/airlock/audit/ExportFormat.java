package dev.airlock.audit;

import java.util.Locale;

/** What an export writes, one JSON object per line either way. */
public enum ExportFormat {
    /** Every audit record (intent and outcome) as it is stored, chain position and hash included. */
    JSONL("jsonl", "jsonl"),
    /** One OCSF API Activity event (class 6003) per finished request. */
    OCSF("ocsf", "ocsf.jsonl");

    private final String id;
    private final String extension;

    ExportFormat(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** The name users type and cursors record: {@code jsonl} or {@code ocsf}. */
    public String id() {
        return id;
    }

    /** The file extension of an export in this format, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format named {@code id}, in any case; an unknown name gets an exception naming the choices. */
    public static ExportFormat of(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            if (format.id.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not an export format: use jsonl or ocsf");
    }
}
