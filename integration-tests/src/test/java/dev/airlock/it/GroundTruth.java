package dev.airlock.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The raw values of the demo's masked customer columns, read as operator, and the forms in which
 * a leak would carry them: as stored, digits only, reversed, base64, md5, the e-mail's local part.
 * An answer or record that holds any of them has let masked data out.
 */
final class GroundTruth {
    /** The columns the demo reporting policy masks ({@code @mask} of reporting-read-demo), plus the redacted birth date. */
    static final List<String> MASKED_COLUMNS = List.of("email", "phone", "card_number", "ssn", "birth_date");

    /** One way a raw value can show: which value, in what form, and the text (or pattern) to look for. */
    record Form(String what, String text, Pattern digits) {
        boolean foundIn(String haystack) {
            return digits != null ? digits.matcher(haystack).find() : haystack.contains(text);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private final List<Form> forms;
    private final Map<String, String> customer1;

    private GroundTruth(List<Form> forms, Map<String, String> customer1) {
        this.forms = forms;
        this.customer1 = customer1;
    }

    static GroundTruth read(DemoDatabaseAccess database) throws SQLException {
        List<Form> forms = new ArrayList<>();
        Map<String, String> first = new LinkedHashMap<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, email, phone, card_number, ssn, birth_date::text from customers order by id")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                for (int i = 0; i < MASKED_COLUMNS.size(); i++) {
                    String value = rs.getString(i + 2);
                    if (value == null) {
                        continue;
                    }
                    if (id == 1) {
                        first.put(MASKED_COLUMNS.get(i), value);
                    }
                    forms.addAll(formsOf(MASKED_COLUMNS.get(i) + " of customer " + id, value));
                }
            }
        }
        return new GroundTruth(List.copyOf(forms), Map.copyOf(first));
    }

    static List<Form> formsOf(String what, String value) {
        List<Form> forms = new ArrayList<>();
        forms.add(text(what + " (raw)", value));
        forms.add(text(what + " (reversed)", new StringBuilder(value).reverse().toString()));
        forms.add(text(what + " (base64)", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        forms.add(text(what + " (md5)", md5(value)));
        String digits = value.replaceAll("\\D", "");
        if (digits.length() >= 8 && !digits.equals(value)) {
            forms.add(digits(what + " (digits)", digits));
            forms.add(digits(what + " (digits reversed)", new StringBuilder(digits).reverse().toString()));
            forms.add(text(what + " (md5 of digits)", md5(digits)));
        }
        int at = value.indexOf('@');
        if (at >= 5) {
            forms.add(text(what + " (local part)", value.substring(0, at)));
        }
        return forms;
    }

    private static Form text(String what, String text) {
        return new Form(what, text, null);
    }

    /** Digit runs count only whole: a 9-digit SSN inside a 13-digit timestamp is a coincidence, not a leak. */
    private static Form digits(String what, String digits) {
        return new Form(what, digits, Pattern.compile("(?<!\\d)" + digits + "(?!\\d)"));
    }

    static String md5(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Form> forms() {
        return forms;
    }

    /** The first raw form found in the text, if any. */
    Optional<Form> leakIn(String text) {
        return forms.stream().filter(f -> f.foundIn(text)).findFirst();
    }

    /** Customer 1's raw value of a masked column. */
    String customer1(String column) {
        return customer1.get(column);
    }
}
