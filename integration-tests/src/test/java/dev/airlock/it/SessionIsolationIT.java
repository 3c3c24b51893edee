package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "agents cannot change sessions": whatever an agent sends to change session state
 * (set_config in any spelling, SET, RESET, transaction control, advisory locks, LISTEN), a later
 * request of another agent sees the pinned settings on every pooled connection, and nothing an
 * earlier request took (a lock, an open transaction) outlives it.
 */
class SessionIsolationIT {
    /** More than the pool's connections, so that every pooled backend is hit. */
    private static final int SPREAD = 12;
    private static final String SETTINGS = "select current_setting('search_path') sp, current_setting('standard_conforming_strings') scs,"
            + " current_setting('statement_timeout') st, current_setting('lock_timeout') lt,"
            + " current_setting('idle_in_transaction_session_timeout') iit, current_setting('application_name') app,"
            + " current_setting('default_transaction_read_only') ro, current_setting('work_mem') wm";

    /** Every way the report and the issue name to change a pooled session. */
    static final List<String> ATTEMPTS = List.of(
            "select set_config('search_path', 'nowhere', false)",
            "select pg_catalog.set_config('search_path', 'nowhere', false)",
            "select \"set_config\"('standard_conforming_strings', 'off', false)",
            "select U&\"set\\005fconfig\"('search_path', 'nowhere', false)",
            "select U&\"set!005fconfig\" UESCAPE '!' ('standard_conforming_strings', 'off', false)",
            "select U&\"set\\005fconfig\"('statement_timeout', '0', false), U&\"set\\005fconfig\"('lock_timeout', '0', false)",
            "select U&\"set\\005fconfig\"('idle_in_transaction_session_timeout', '0', false)",
            "select U&\"set\\005fconfig\"('application_name', 'pwned', false), U&\"set\\005fconfig\"('work_mem', '1GB', false)",
            "select U&\"set\\005fconfig\"('default_transaction_read_only', 'off', false)",
            "select * from set_config('search_path', 'nowhere', false)",
            "select word from ts_stat('select to_tsvector(''simple'', set_config(''search_path'', ''nowhere'', false))')",
            "select word from ts_stat('select to_tsvector(''simple'', set_config(''standard_conforming_strings'', ''off'', false))')",
            "set search_path = nowhere",
            "set standard_conforming_strings = off",
            "set session statement_timeout = 0",
            "reset all",
            "discard all",
            "begin",
            "start transaction read write",
            "select U&\"pg\\005fadvisory\\005flock\"(4242)",
            "select pg_advisory_lock(4243)",
            "select U&\"pg\\005fadvisory\\005flock\\005fshared\"(4244)",
            "listen airlock_channel",
            "select U&\"pg\\005flisten\"('x')",
            "declare c cursor with hold for select 1",
            "prepare p as select 1");

    @TempDir
    static Path dataDir;
    static LocalGateway gateway;
    static DemoDatabaseAccess database;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dataDir.resolve(".airlock"));
        database = new DemoDatabaseAccess(gateway);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(gateway);
    }

    @Test
    void noRequest_everSeesASessionChangeAnEarlierRequestMade() throws Exception {
        String ops = Agents.token(gateway.dataDir(), "ops-bot");
        String reporting = Agents.token(gateway.dataDir(), "reporting-bot");
        HttpResponse<String> pinned = Agents.post(gateway.url(), ops, Agents.body("demo", SETTINGS));
        boolean settingsReadable = pinned.statusCode() == 200;
        JsonNode baseline = settingsReadable ? Agents.json(pinned).path("rows").get(0) : null;
        if (settingsReadable) {
            assertThat(baseline.get(1).asText()).as("standard_conforming_strings is pinned on").isEqualTo("on");
        }

        for (String agentToken : List.of(reporting, ops)) {
            for (String attempt : ATTEMPTS) {
                spread(agentToken, attempt);
            }
        }

        List<String> changed = new ArrayList<>();
        for (HttpResponse<String> later : spread(ops, SETTINGS)) {
            if (settingsReadable) {
                if (later.statusCode() != 200 || !Agents.json(later).path("rows").get(0).equals(baseline)) {
                    changed.add(later.statusCode() + " " + later.body());
                }
            }
        }
        for (HttpResponse<String> later : spread(ops, "select count(*) from customers")) {
            if (later.statusCode() != 200 || !"200".equals(AttackRunner.firstCell(later.body()))) {
                changed.add("search_path: " + later.statusCode() + " " + later.body());
            }
        }
        for (HttpResponse<String> later : spread(reporting, "select 'a\\b' as x")) {
            if (later.statusCode() != 200 || !"a\\b".equals(AttackRunner.firstCell(later.body()))) {
                changed.add("standard_conforming_strings: " + later.statusCode() + " " + later.body());
            }
        }
        assertThat(changed).as("later requests that saw a changed session (baseline " + baseline + ")").isEmpty();

        // Nothing a request took outlives it: no advisory lock, no open transaction, no listener.
        assertThat(database.countAsOperator("select count(*) from pg_locks where locktype = 'advisory'"))
                .as("advisory locks held after the requests ended").isZero();
        assertThat(database.countAsOperator("select count(*) from pg_stat_activity where usename like 'airlock%'"
                + " and state like 'idle in transaction%'"))
                .as("pooled backends left in an open transaction").isZero();
        assertThat(database.countAsOperator("select count(*) from pg_stat_activity where usename like 'airlock%'"
                + " and application_name = 'pwned'"))
                .as("pooled backends whose application_name an agent changed").isZero();
    }

    private static List<HttpResponse<String>> spread(String token, String sql) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(SPREAD)) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < SPREAD; i++) {
                futures.add(pool.submit(() -> Agents.post(gateway.url(), token, Agents.body("demo", sql))));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }
}
