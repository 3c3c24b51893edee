package dev.airlock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13: the demo's masked values (the ground truth of every customer's e-mail, phone, card,
 * SSN and birth date) count as canaries too. The first gateway of a build writes them next to the
 * evidence; the scan then looks for them, raw, as digits only and as an e-mail's local part, in the
 * audit trail, the approval notices and the logs, where no raw masked value may ever go. Responses
 * are not searched: an agent permitted to read a column unmasked may get it there.
 */
final class MaskedCanaries {
    static final String FILE = "masked-values.tsv";
    private static final int KEY = 4;

    /** One form of one masked value. */
    record Form(String what, String encoding, String text, boolean digits) {
    }

    private final Map<String, List<Form>> byPrefix = new HashMap<>();
    private final int values;

    private MaskedCanaries(Map<String, String> values) {
        this.values = values.size();
        values.forEach((what, value) -> {
            add(new Form(what, "as is", value, false));
            String digits = value.replaceAll("\\D", "");
            if (digits.length() >= 8 && !digits.equals(value)) {
                add(new Form(what, "digits only", digits, true));
            }
            int at = value.indexOf('@');
            if (at >= 5) {
                add(new Form(what, "local part", value.substring(0, at), false));
            }
        });
    }

    private void add(Form form) {
        byPrefix.computeIfAbsent(form.text().substring(0, KEY), k -> new ArrayList<>()).add(form);
    }

    int size() {
        return values;
    }

    /** Once per build: the masked columns of every demo customer, read with the gateway's own login. */
    static synchronized void record(DemoDatabaseAccess database) {
        Path file = Canaries.evidenceRoot().resolve(FILE);
        if (Files.exists(file)) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, email, phone, card_number, ssn, birth_date::text from customers order by id")) {
            while (rs.next()) {
                for (int i = 0; i < GroundTruth.MASKED_COLUMNS.size(); i++) {
                    String value = rs.getString(i + 2);
                    if (value != null && value.length() >= KEY) {
                        lines.append(GroundTruth.MASKED_COLUMNS.get(i)).append(" of customer ").append(rs.getInt(1))
                                .append('\t').append(value).append('\n');
                    }
                }
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (SQLException | IOException | RuntimeException e) {
            System.err.println("masked canaries: could not record the demo's masked values: " + e);
        }
    }

    /** The masked values a build recorded, or null when no gateway recorded them. */
    static MaskedCanaries read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0 && line.length() - tab - 1 >= KEY) {
                    values.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MaskedCanaries(values);
    }

    /** Every masked value in the line, in one pass: candidates come from a 4-character index. */
    List<Form> findIn(String line) {
        List<Form> found = new ArrayList<>();
        for (int i = 0; i + KEY <= line.length(); i++) {
            List<Form> candidates = byPrefix.get(line.substring(i, i + KEY));
            if (candidates == null) {
                continue;
            }
            for (Form f : candidates) {
                if (line.startsWith(f.text(), i) && (!f.digits() || wholeDigits(line, i, i + f.text().length()))) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    /** A digit run counts only whole: nine digits inside a timestamp are a coincidence. */
    private static boolean wholeDigits(String line, int start, int end) {
        return (start == 0 || !Character.isDigit(line.charAt(start - 1)))
                && (end == line.length() || !Character.isDigit(line.charAt(end)));
    }

    /**
     * The text to search in a file: an approval e-mail is decoded (its parts are base64), every
     * other file is read as it is.
     */
    static List<String> lines(Path file, List<String> raw) {
        if (!file.getFileName().toString().contains(".outbox.")) {
            return raw;
        }
        List<String> lines = new ArrayList<>(raw);
        lines.addAll(mailLines(file));
        return lines;
    }

    /** The subject and the decoded text parts of an e-mail file. */
    static List<String> mailLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            jakarta.mail.internet.MimeMessage mail = new jakarta.mail.internet.MimeMessage(
                    jakarta.mail.Session.getInstance(new java.util.Properties()), in);
            lines.add(String.valueOf(mail.getSubject()));
            collect(mail.getContent(), lines);
        } catch (IOException | jakarta.mail.MessagingException e) {
            lines.add("(undecodable mail: " + e + ")");
        }
        return lines;
    }

    private static void collect(Object content, List<String> lines) throws IOException, jakarta.mail.MessagingException {
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i).getContent(), lines);
            }
        } else if (content instanceof String text) {
            lines.addAll(text.lines().toList());
        }
    }

    /** Where no raw masked value may go: audit records and journals, approval e-mails, gateway and data-folder logs. */
    static boolean searched(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(Evidence.RECORDS) || name.contains(Evidence.JOURNAL) || name.contains(".outbox.")
                || name.contains(Evidence.DATA_LOG)
                || (name.endsWith(Evidence.OUTPUT) && name.startsWith(Evidence.GATEWAY_PREFIX));
    }
}
