package dev.airlock.embedded;

import net.datafaker.Faker;
import net.datafaker.providers.base.Finance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * The demo tables and their fake people. The seed is fixed so every fresh demo database holds
 * the same rows, which keeps the quickstart and the tests reproducible.
 */
final class DemoData {
    static final int CUSTOMERS = 200;
    static final int ORDERS = 600;
    private static final long SEED = 20261124L;

    private DemoData() {
    }

    static void createAndSeed(Connection c) throws SQLException {
        try (Statement sql = c.createStatement()) {
            sql.execute("""
                    create table if not exists customers (
                      id          serial primary key,
                      full_name   text not null,
                      email       text not null,
                      phone       text,
                      card_number text,
                      ssn         text,
                      birth_date  date,
                      city        text
                    )""");
            sql.execute("""
                    create table if not exists orders (
                      id          serial primary key,
                      customer_id integer not null references customers(id) on delete cascade,
                      total       numeric(10, 2) not null,
                      created_at  timestamptz not null
                    )""");
            try (ResultSet rs = sql.executeQuery("select count(*) from customers")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        Random random = new Random(SEED);
        Faker faker = new Faker(Locale.US, random);
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("""
                insert into customers (full_name, email, phone, card_number, ssn, birth_date, city)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < CUSTOMERS; i++) {
                String first = faker.name().firstName();
                String last = faker.name().lastName();
                insert.setString(1, first + " " + last);
                insert.setString(2, (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "")
                        + i + "@" + faker.internet().domainName());
                insert.setString(3, faker.phoneNumber().cellPhone());
                insert.setString(4, faker.finance().creditCard(Finance.CreditCardType.VISA));
                insert.setString(5, faker.idNumber().ssnValid());
                insert.setDate(6, Date.valueOf(faker.timeAndDate().birthday(18, 90)));
                insert.setString(7, faker.address().city());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        try (PreparedStatement insert = c.prepareStatement(
                "insert into orders (customer_id, total, created_at) values (?, ?, ?)")) {
            for (int i = 0; i < ORDERS; i++) {
                insert.setInt(1, 1 + random.nextInt(CUSTOMERS));
                insert.setBigDecimal(2, BigDecimal.valueOf(5 + random.nextDouble() * 495).setScale(2, RoundingMode.HALF_UP));
                insert.setTimestamp(3, Timestamp.from(now.minus(random.nextInt(365 * 24 * 60), ChronoUnit.MINUTES)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }
}
