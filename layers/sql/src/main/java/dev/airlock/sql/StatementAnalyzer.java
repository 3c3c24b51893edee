package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterSession;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies one parsed statement: its kind, its risk and every table it touches. Writes
 * hidden inside a SELECT (data-modifying WITH clauses, SELECT INTO) count as writes.
 */
final class StatementAnalyzer {

    /** A write found in the statement: which table, how, and whether a WHERE limits it. */
    private record Write(TableRef table, StatementKind kind, boolean restricted) {
    }

    SqlClassification analyze(Statement statement) {
        return switch (statement) {
            case Select select -> select(select);
            case Insert insert -> dml(statement, insert.getWithItemsList(),
                    new Write(table(insert.getTable()), StatementKind.INSERT, true));
            case Update update -> dml(statement, update.getWithItemsList(),
                    new Write(table(update.getTable()), StatementKind.UPDATE, update.getWhere() != null));
            case Delete delete -> dml(statement, delete.getWithItemsList(),
                    new Write(table(delete.getTable()), StatementKind.DELETE, delete.getWhere() != null));
            case Merge merge -> dml(statement, merge.getWithItemsList(),
                    new Write(table(merge.getTable()), StatementKind.MERGE, true));
            case Truncate truncate -> schemaChange(StatementKind.TRUNCATE, RiskClass.DESTRUCTIVE,
                    tablesOf(truncate.getTables(), truncate.getTable()));
            case Drop drop -> schemaChange(StatementKind.DDL, RiskClass.DESTRUCTIVE, droppedTables(drop));
            case CreateTable create -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(create.getTable())));
            case Alter alter -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(alter.getTable())));
            case CreateIndex index -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(index.getTable())));
            case CreateView view -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(view.getView())));
            case AlterView view -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(view.getView())));
            case RenameTableStatement rename -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case CreateSchema schema -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case CreateSequence sequence -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case AlterSequence sequence -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case Comment comment -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case AlterSession session -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case Grant grant -> new SqlClassification(StatementKind.PRIVILEGE, RiskClass.PRIVILEGE, List.of(), false, 1,
                    Optional.empty());
            case SetStatement set -> set(set);
            default -> SqlClassification.unknown(1, "Airlock does not run "
                    + statement.getClass().getSimpleName() + " statements.");
        };
    }

    private SqlClassification select(Select select) {
        if (select instanceof PlainSelect plain && plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()) {
            // SELECT ... INTO creates a table.
            return schemaChange(StatementKind.DDL, RiskClass.DDL, tablesOf(plain.getIntoTables(), null));
        }
        List<Write> writes = hiddenWrites(select.getWithItemsList());
        if (!writes.isEmpty()) {
            return classify(select, writes);
        }
        RiskClass risk = select instanceof PlainSelect plain && plain.getForUpdate() != null
                ? RiskClass.WRITE   // row locks are refused in a read-only transaction
                : RiskClass.READ;
        List<TableAccess> reads = allTables(select).stream()
                .map(t -> new TableAccess(t, StatementKind.SELECT)).toList();
        return new SqlClassification(StatementKind.SELECT, risk, reads, false, 1, Optional.empty());
    }

    private SqlClassification dml(Statement statement, List<WithItem<?>> withItems, Write main) {
        List<Write> writes = new ArrayList<>();
        writes.add(main);
        writes.addAll(hiddenWrites(withItems));
        return classify(statement, writes);
    }

    /** Writes inside WITH clauses, which run even when the statement around them is a SELECT. */
    private List<Write> hiddenWrites(List<WithItem<?>> withItems) {
        List<Write> writes = new ArrayList<>();
        if (withItems == null) {
            return writes;
        }
        for (WithItem<?> item : withItems) {
            switch (item.getParenthesedStatement()) {
                case ParenthesedInsert p -> writes.add(
                        new Write(table(p.getInsert().getTable()), StatementKind.INSERT, true));
                case ParenthesedUpdate p -> writes.add(new Write(table(p.getUpdate().getTable()),
                        StatementKind.UPDATE, p.getUpdate().getWhere() != null));
                case ParenthesedDelete p -> writes.add(new Write(table(p.getDelete().getTable()),
                        StatementKind.DELETE, p.getDelete().getWhere() != null));
                case null, default -> {
                    // a plain SELECT in a WITH clause only reads
                }
            }
        }
        return writes;
    }

    private SqlClassification classify(Statement statement, List<Write> writes) {
        Map<TableRef, StatementKind> accesses = new LinkedHashMap<>();
        for (Write write : writes) {
            accesses.merge(write.table(), write.kind(), StatementAnalyzer::stronger);
        }
        for (TableRef read : allTables(statement)) {
            accesses.putIfAbsent(read, StatementKind.SELECT);
        }
        StatementKind kind = writes.stream().map(Write::kind).reduce(StatementAnalyzer::stronger).orElseThrow();
        boolean unrestricted = writes.stream().anyMatch(w -> !w.restricted());
        RiskClass risk = unrestricted ? RiskClass.DESTRUCTIVE : RiskClass.WRITE;
        boolean hasWhere = writes.get(0).restricted();
        List<TableAccess> list = accesses.entrySet().stream()
                .map(e -> new TableAccess(e.getKey(), e.getValue())).toList();
        return new SqlClassification(kind, risk, list, hasWhere, 1, Optional.empty());
    }

    /** DELETE outranks UPDATE outranks MERGE outranks INSERT outranks SELECT. */
    private static StatementKind stronger(StatementKind a, StatementKind b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(StatementKind kind) {
        return switch (kind) {
            case SELECT -> 0;
            case INSERT -> 1;
            case MERGE -> 2;
            case UPDATE -> 3;
            case DELETE -> 4;
            default -> 5;
        };
    }

    private static SqlClassification schemaChange(StatementKind kind, RiskClass risk, List<TableRef> tables) {
        List<TableAccess> accesses = tables.stream().distinct().map(t -> new TableAccess(t, kind)).toList();
        return new SqlClassification(kind, risk, accesses, false, 1, Optional.empty());
    }

    private static SqlClassification set(SetStatement set) {
        String name = String.valueOf(set.getName()).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (name.equals("role") || name.startsWith("session authorization")) {
            return new SqlClassification(StatementKind.PRIVILEGE, RiskClass.PRIVILEGE, List.of(), false, 1,
                    Optional.empty());
        }
        // SET search_path and friends change how later names resolve; never allowed blind.
        return SqlClassification.unknown(1, "SET changes session settings, which Airlock does not allow.");
    }

    private static List<TableRef> droppedTables(Drop drop) {
        String type = String.valueOf(drop.getType()).toUpperCase(Locale.ROOT);
        if (type.contains("TABLE") || type.contains("VIEW")) {
            return tablesOf(drop.getNames(), drop.getName());
        }
        return List.of();
    }

    private static List<TableRef> tablesOf(Collection<Table> tables, Table single) {
        List<TableRef> refs = new ArrayList<>();
        if (tables != null) {
            tables.forEach(t -> refs.add(table(t)));
        }
        if (refs.isEmpty() && single != null) {
            refs.add(table(single));
        }
        return refs;
    }

    private static TableRef table(Table table) {
        return TableNames.parse(table.getFullyQualifiedName());
    }

    private static List<TableRef> allTables(Statement statement) {
        Set<String> names = new TablesNamesFinder<Void>().getTables(statement);
        return names.stream().map(TableNames::parse).distinct().sorted().toList();
    }
}
