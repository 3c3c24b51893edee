package dev.airlock.masking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import net.datafaker.Faker;
import net.datafaker.providers.base.Finance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the labelled masking corpus: sentences in several locales holding real-looking
 * sensitive values (labelled with their exact position and type) and hard negatives that only
 * look sensitive (order numbers, UUIDs, timestamps, ISBNs, digit runs failing Luhn, versions,
 * hashes, tracking numbers). The seed is fixed, so the corpus is the same every time; the
 * committed copy is checked against a fresh one.
 */
final class PiiCorpusGenerator {
    static final long SEED = 20261124L;
    static final int TEXTS_PER_LOCALE = 700;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] LOCALES = {
            {"en-US", "US"}, {"en-GB", "GB"}, {"de-DE", "DE"}, {"fr-FR", "FR"}, {"nl-NL", "NL"}, {"es-ES", "ES"}};
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Random random = new Random(SEED);
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    /** One sentence under construction: text and the labels of what it holds. */
    private static final class Text {
        final StringBuilder text = new StringBuilder();
        final List<int[]> spans = new ArrayList<>();
        final List<String> types = new ArrayList<>();

        Text plain(String s) {
            text.append(s);
            return this;
        }

        Text value(String type, String value) {
            spans.add(new int[]{text.length(), text.length() + value.length()});
            types.add(type);
            text.append(value);
            return this;
        }
    }

    String generate() {
        StringBuilder out = new StringBuilder();
        for (String[] locale : LOCALES) {
            Faker faker = new Faker(Locale.forLanguageTag(locale[0]), random);
            for (int i = 0; i < TEXTS_PER_LOCALE; i++) {
                Text text = sentence(faker, locale[1]);
                ObjectNode line = JSON.createObjectNode();
                line.put("locale", locale[0]);
                line.put("text", text.text.toString());
                ArrayNode labels = line.putArray("labels");
                for (int k = 0; k < text.types.size(); k++) {
                    labels.addObject().put("type", text.types.get(k)).put("start", text.spans.get(k)[0])
                            .put("end", text.spans.get(k)[1]);
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** A sentence with one to three sensitive values, or only hard negatives, or both. */
    private Text sentence(Faker faker, String region) {
        Text text = new Text();
        int kind = random.nextInt(10);
        if (kind < 3) {
            negative(faker, text);
            return text;
        }
        int values = 1 + random.nextInt(3);
        for (int v = 0; v < values; v++) {
            if (v > 0) {
                text.plain(pick("; ", ", and ", " / ", ". Also "));
            }
            positive(faker, region, text);
            if (random.nextInt(3) == 0) {
                text.plain(" ");
                negative(faker, text);
            }
        }
        return text;
    }

    private void positive(Faker faker, String region, Text t) {
        switch (random.nextInt(10)) {
            case 0 -> {
                String prefix = pick("Contact ", "Reply to ", "mailto:", "Customer email: ", "cc ", "where email = '");
                t.plain(prefix).value("email", random.nextInt(8) == 0 ? pick("jörg.", "zoë.", "josé.") + email(faker)
                        : email(faker));
                if (prefix.endsWith("'")) {
                    t.plain("'");
                }
            }
            case 1 -> {
                String phone = phone(faker, region);
                t.plain(phone.startsWith("+") ? pick("Call ", "Phone: ", "tel:", "mobile ") : pick("Call ", "Phone: ",
                        "reached at ", "tel ", "mobile ")).value("phone", phone);
                trailingCount(t);
            }
            case 2 -> {
                t.plain(pick("Paid with card ", "card=", "PAN ", "Visa ending in full: ")).value("card", card(faker));
                trailingCount(t);
            }
            case 3 -> t.plain(pick("SSN ", "ssn: ", "Social security no. ")).value("ssn", faker.idNumber().ssnValid());
            case 4 -> t.plain(pick("IBAN ", "Transfer to ", "account ")).value("iban", iban(faker));
            case 5 -> t.plain(pick("Login from ", "client ip ", "src=", "Peer ")).value("ip_address", ip(faker));
            case 6 -> t.plain(pick("AWS_ACCESS_KEY_ID=", "access key ", "key id: ")).value("aws_access_key", accessKeyId());
            case 7 -> t.plain(pick("aws_secret_access_key = ", "secret: ", "SecretAccessKey ", "AWS_SECRET_ACCESS_KEY="))
                    .value("aws_secret_key", secretKey());
            case 8 -> t.plain(pick("Authorization: Bearer ", "token=", "id_token ")).value("jwt", jwt(faker));
            default -> t.plain(pick("key file:\n", "Deploy key ", "")).value("private_key", privateKey());
        }
    }

    /** "call 212-555-0123 2 times": a short number right after a value is not part of it. */
    private void trailingCount(Text t) {
        if (random.nextInt(5) == 0) {
            t.plain(" " + (1 + random.nextInt(9)) + pick(" times", " items", " left"));
        }
    }

    private void negative(Faker faker, Text t) {
        String value = switch (random.nextInt(24)) {
            case 0 -> "Order #" + (100000 + random.nextInt(900000));
            case 1 -> "invoice INV-" + (2020 + random.nextInt(7)) + "-" + String.format("%06d", random.nextInt(1_000_000));
            case 2 -> "request " + new UUID(random.nextLong(), random.nextLong());
            // A fixed epoch keeps the corpus the same whatever day it is generated.
            case 3 -> "at " + java.time.Instant.ofEpochMilli(1_500_000_000_000L + random.nextLong(300_000_000_000L));
            case 4 -> "on " + String.format("%02d.%02d.%d %02d:%02d:%02d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                    2000 + random.nextInt(27), random.nextInt(24), random.nextInt(60), random.nextInt(60));
            case 5 -> "ISBN " + faker.code().isbn13(true);
            case 6 -> "ref " + luhnFailing(16);
            case 7 -> "build " + random.nextInt(20) + "." + random.nextInt(40) + "." + random.nextInt(100)
                    + pick("", "-rc1", "-SNAPSHOT", "+build.7");
            case 8 -> "commit " + hex(20);
            case 9 -> "sha256 " + hex(32);
            case 10 -> "tracking 1Z" + randomOf(UPPER_DIGITS, 16);
            case 11 -> "total " + faker.commerce().price() + " for " + (1 + random.nextInt(20)) + " items";
            case 12 -> "zip " + faker.address().zipCode() + ", " + faker.address().city();
            case 13 -> "uptime " + random.nextInt(24) + ":" + String.format("%02d:%02d", random.nextInt(60), random.nextInt(60))
                    + " load " + random.nextInt(4) + "." + random.nextInt(100);
            case 14 -> "due " + String.format("%02d/%02d/%d", 1 + random.nextInt(12), 1 + random.nextInt(28), 2020 + random.nextInt(7));
            case 15 -> "test card 9999 " + String.format("%04d %04d %04d", random.nextInt(10000), random.nextInt(10000),
                    random.nextInt(10000)) + " (no issuer)";
            case 16 -> "mac " + hexPairs(6, ':');
            case 17 -> "not an IP " + (256 + random.nextInt(700)) + "." + random.nextInt(256) + "." + random.nextInt(256)
                    + "." + random.nextInt(256);
            case 18 -> "SSN-shaped " + pick("000", "666", "9" + (10 + random.nextInt(90))) + "-"
                    + String.format("%02d-%04d", 1 + random.nextInt(99), 1 + random.nextInt(9999));
            case 19 -> "IBAN-shaped " + pick("GB00", "DE00", "FR00") + " " + randomOf(UPPER_DIGITS, 4) + " "
                    + String.format("%04d %04d %04d", random.nextInt(10000), random.nextInt(10000), random.nextInt(10000));
            case 20 -> "admin@" + pick("localhost", "intranet", "printer-3") + " logged in";
            case 21 -> "blob data:image/png;base64," + randomOf(BASE64, 60 + random.nextInt(60));
            case 22 -> "key id AKIA" + randomOf(UPPER_DIGITS, 8) + " (truncated)";
            default -> "extension x" + (100 + random.nextInt(900)) + ", room " + (100 + random.nextInt(900));
        };
        t.plain(value);
    }

    private String email(Faker faker) {
        return faker.internet().emailAddress();
    }

    /** A number libphonenumber holds valid, written as people write them. */
    private String phone(Faker faker, String region) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Phonenumber.PhoneNumber number = phones.parse(faker.phoneNumber().phoneNumber(), region);
                if (!phones.isValidNumber(number)) {
                    continue;
                }
                if (region.equals("US")) {
                    String national = phones.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
                    String digits = national.replaceAll("\\D", "");
                    return switch (random.nextInt(4)) {
                        case 0 -> national;
                        case 1 -> digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
                        case 2 -> digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6);
                        default -> phones.format(number, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
                    };
                }
                return random.nextBoolean() ? phones.format(number, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL)
                        : phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            } catch (NumberParseException notANumber) {
                // try another
            }
        }
        throw new IllegalStateException("no valid phone number for " + region);
    }

    private String card(Faker faker) {
        // Datafaker's JCB and Diners numbers use retired ranges; these are built in today's.
        String digits = switch (random.nextInt(7)) {
            case 4 -> luhnValid("35" + (28 + random.nextInt(62)), 16);             // JCB
            case 5 -> luhnValid("36", 14);                                           // Diners Club
            case 6 -> luhnValid("62", 16);                                           // UnionPay
            default -> faker.finance().creditCard(pick(Finance.CreditCardType.VISA,
                    Finance.CreditCardType.MASTERCARD, Finance.CreditCardType.AMERICAN_EXPRESS,
                    Finance.CreditCardType.DISCOVER)).replaceAll("\\D", "");
        };
        boolean amex = digits.length() == 15;
        return switch (random.nextInt(3)) {
            case 0 -> digits;
            case 1 -> group(digits, ' ', amex);
            default -> group(digits, '-', amex);
        };
    }

    /** A number of {@code length} digits starting with {@code prefix} whose last digit makes Luhn hold. */
    private String luhnValid(String prefix, int length) {
        StringBuilder digits = new StringBuilder(prefix);
        while (digits.length() < length - 1) {
            digits.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            if (luhn(digits.toString() + check)) {
                return digits.toString() + check;
            }
        }
        throw new IllegalStateException("some check digit always satisfies Luhn");
    }

    private static String group(String digits, char separator, boolean amex) {
        if (amex) {
            return digits.substring(0, 4) + separator + digits.substring(4, 10) + separator + digits.substring(10);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(separator);
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    private String iban(Faker faker) {
        String iban = faker.finance().iban(pick("DE", "GB", "FR", "NL", "ES", "IT", "BE", "AT"));
        return random.nextBoolean() ? iban : iban.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private String ip(Faker faker) {
        return random.nextInt(3) == 0 ? faker.internet().ipV6Address() : faker.internet().ipV4Address();
    }

    private String accessKeyId() {
        return pick("AKIA", "ASIA") + randomOf(UPPER_DIGITS, 16);
    }

    private String secretKey() {
        while (true) {
            String key = randomOf(BASE64, 40);
            if (key.matches(".*[A-Z].*") && key.matches(".*[a-z].*") && key.matches(".*[0-9].*")) {
                return key;
            }
        }
    }

    private String jwt(Faker faker) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"" + pick("HS256", "RS256", "ES256") + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"" + faker.internet().username() + "\",\"iat\":"
                + (1_700_000_000 + random.nextInt(50_000_000)) + "}").getBytes(StandardCharsets.UTF_8));
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        return header + "." + payload + "." + b64.encodeToString(signature);
    }

    private String privateKey() {
        String label = pick("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY");
        StringBuilder pem = new StringBuilder("-----BEGIN " + label + "-----\n");
        int lines = 3 + random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            pem.append(randomOf(BASE64, 64)).append('\n');
        }
        return pem.append("-----END ").append(label).append("-----").toString();
    }

    private String luhnFailing(int length) {
        while (true) {
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < length; i++) {
                digits.append(random.nextInt(10));
            }
            if (!luhn(digits.toString())) {
                return digits.toString();
            }
        }
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private String hexPairs(int pairs, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(String.format("%02X", random.nextInt(256)));
        }
        return out.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String randomOf(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
