package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableRef;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.AlterDefaultPrivileges;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.grant.Revoke;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.role.AlterRole;
import net.sf.jsqlparser.statement.role.CreateRole;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Works out the {@link Shape} of one parsed statement. Writes hidden in a SELECT (data-modifying
 * WITH clauses, SELECT INTO, row locks, INTO OUTFILE) count; EXPLAIN ANALYZE is what it runs.
 * Statement types not listed here are {@code UNKNOWN}.
 */
final class StatementAnalyzer {
    private final StatementFacts facts;

    StatementAnalyzer(StatementFacts facts) {
        this.facts = facts;
    }

    Shape shape(Statement statement) {
        return switch (statement) {
            case Select select -> select(select);
            case Insert insert -> insert(insert);
            case Upsert upsert -> new Shape(StatementKind.SELECT, RiskClass.READ).withWrites(List.of(
                    new Shape.Write(table(upsert.getTable()), StatementKind.INSERT, true)));
            case Update update -> update(update);
            case Delete delete -> delete(delete);
            case Merge merge -> merge(merge);
            case Truncate truncate -> schemaChange(StatementKind.TRUNCATE, RiskClass.DESTRUCTIVE,
                    tables(truncate.getTables(), truncate.getTable()));
            case Drop drop -> drop(drop);
            case CreateTable create -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(create.getTable())));
            case Alter alter -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(alter.getTable())));
            case CreateIndex index -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(index.getTable())));
            case CreateView view -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(view.getView())));
            case AlterView view -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of(table(view.getView())));
            case RenameTableStatement rename -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case CreateSchema schema -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case CreateSequence sequence -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case AlterSequence sequence -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case CreateFunctionalStatement function -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case Comment comment -> schemaChange(StatementKind.DDL, RiskClass.DDL, List.of());
            case Grant grant -> privilege();
            case Revoke revoke -> privilege();
            case CreateRole role -> privilege();
            case AlterRole role -> privilege();
            case AlterDefaultPrivileges privileges -> privilege();
            case SetStatement set -> set(set);
            case ResetStatement reset -> reset(reset);
            case ExplainStatement explain -> explain(explain);
            case ShowStatement show -> metadata();
            case ShowColumnsStatement show -> metadata();
            case ShowTablesStatement show -> metadata();
            case DescribeStatement describe -> metadata();
            case Execute execute -> execute(execute);
            default -> Shape.unknown("Airlock does not run " + describe(statement) + " statements.");
        };
    }

    private static Shape read() {
        return new Shape(StatementKind.SELECT, RiskClass.READ);
    }

    /** SHOW and DESCRIBE read settings and catalog metadata, not table rows. */
    private static Shape metadata() {
        Shape shape = read();
        shape.readsRows = false;
        return shape;
    }

    private Shape select(Select select) {
        if (select instanceof PlainSelect plain) {
            if (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()) {
                // SELECT ... INTO creates a table.
                return schemaChange(StatementKind.DDL, RiskClass.DDL, tables(plain.getIntoTables(), null));
            }
            if (plain.getMySqlSelectIntoClause() != null && plain.getMySqlSelectIntoClause().getFileName() != null) {
                // INTO OUTFILE / DUMPFILE writes a file on the database server.
                Shape shape = new Shape(StatementKind.SELECT, RiskClass.PRIVILEGE);
                shape.rowLimit = rowLimit(plain.getLimit(), plain.getFetch());
                return shape;
            }
        }
        Shape shape = read().withWrites(hiddenWrites(select.getWithItemsList()));
        shape.rowLimit = switch (select) {
            case PlainSelect plain -> rowLimit(plain.getLimit(), plain.getFetch());
            case SetOperationList set -> rowLimit(set.getLimit(), set.getFetch());
            case ParenthesedSelect parenthesed -> rowLimit(parenthesed.getLimit(), parenthesed.getFetch());
            default -> OptionalLong.empty();
        };
        return shape;
    }

    private Shape insert(Insert insert) {
        boolean upsert = insert.isUseDuplicate() || (insert.getConflictAction() != null
                && insert.getConflictAction().getConflictActionType() == ConflictActionType.DO_UPDATE);
        TableRef target = table(insert.getTable());
        List<Shape.Write> writes = new ArrayList<>(List.of(new Shape.Write(target, StatementKind.INSERT, true)));
        if (upsert) {
            // An upsert inserts the new rows and updates the ones that exist: it is both.
            writes.add(new Shape.Write(target, StatementKind.UPDATE, true));
        }
        Shape shape = read().withWrites(hiddenWrites(insert.getWithItemsList())).withWrites(writes);
        if (insert.getColumns() != null) {
            for (Column column : insert.getColumns()) {
                shape.columnsWritten.add(table(insert.getTable()).qualifiedName() + "." + column.getColumnName());
            }
        }
        return shape;
    }

    /**
     * A MERGE is every action its WHEN clauses can take on the target, as well as a MERGE: a
     * policy must permit each of them.
     */
    private Shape merge(Merge merge) {
        TableRef target = table(merge.getTable());
        List<Shape.Write> writes = new ArrayList<>(List.of(new Shape.Write(target, StatementKind.MERGE, true)));
        List<MergeOperation> operations = merge.getOperations() == null ? List.of() : merge.getOperations();
        for (MergeOperation operation : operations) {
            StatementKind action = switch (operation) {
                case MergeInsert i -> StatementKind.INSERT;
                case MergeUpdate u -> StatementKind.UPDATE;
                case MergeDelete d -> StatementKind.DELETE;
                default -> null;
            };
            if (action == null) {
                return Shape.unknown("Airlock cannot tell what one of this MERGE's WHEN clauses does.");
            }
            writes.add(new Shape.Write(target, action, true));
        }
        Shape shape = read().withWrites(hiddenWrites(merge.getWithItemsList())).withWrites(writes);
        if (Shape.rank(shape.kind) <= Shape.rank(StatementKind.DELETE)) {
            shape.kind = StatementKind.MERGE;
        }
        return shape;
    }

    private Shape update(Update update) {
        TableRef target = table(update.getTable());
        Shape shape = read().withWrites(hiddenWrites(update.getWithItemsList()))
                .withWrites(List.of(new Shape.Write(target, StatementKind.UPDATE, update.getWhere() != null)));
        if (update.getUpdateSets() != null) {
            for (UpdateSet set : update.getUpdateSets()) {
                for (Column column : set.getColumns()) {
                    shape.columnsWritten.add(target.qualifiedName() + "." + column.getColumnName());
                }
            }
        }
        return shape;
    }

    private Shape delete(Delete delete) {
        boolean restricted = delete.getWhere() != null;
        List<Shape.Write> writes = new ArrayList<>();
        for (TableRef table : tables(delete.getTables(), delete.getTable())) {
            writes.add(new Shape.Write(table, StatementKind.DELETE, restricted));
        }
        Shape shape = read().withWrites(hiddenWrites(delete.getWithItemsList())).withWrites(writes);
        return shape;
    }

    /** Writes inside WITH clauses, which run even when the statement around them is a SELECT. */
    private List<Shape.Write> hiddenWrites(List<WithItem<?>> withItems) {
        List<Shape.Write> writes = new ArrayList<>();
        if (withItems == null) {
            return writes;
        }
        for (WithItem<?> item : withItems) {
            switch (item.getParenthesedStatement()) {
                case ParenthesedInsert p -> writes.addAll(insert(p.getInsert()).writes);
                case ParenthesedUpdate p -> writes.add(new Shape.Write(table(p.getUpdate().getTable()),
                        StatementKind.UPDATE, p.getUpdate().getWhere() != null));
                case ParenthesedDelete p -> writes.add(new Shape.Write(table(p.getDelete().getTable()),
                        StatementKind.DELETE, p.getDelete().getWhere() != null));
                case ParenthesedSelect p -> writes.addAll(hiddenWrites(p.getSelect().getWithItemsList()));
                case null, default -> {
                    // a CTE that only reads
                }
            }
        }
        return writes;
    }

    private Shape drop(Drop drop) {
        String type = String.valueOf(drop.getType()).toUpperCase(Locale.ROOT);
        if (type.contains("ROLE") || type.contains("USER") || type.contains("POLICY")) {
            return privilege();
        }
        List<TableRef> tables = type.contains("TABLE") || type.contains("VIEW")
                ? tables(drop.getNames(), drop.getName()) : List.of();
        return schemaChange(StatementKind.DDL, RiskClass.DESTRUCTIVE, tables);
    }

    private Shape schemaChange(StatementKind kind, RiskClass risk, List<TableRef> tables) {
        Shape shape = new Shape(kind, risk);
        tables.stream().distinct().forEach(t -> shape.writes.add(new Shape.Write(t, kind, false)));
        return shape;
    }

    private static Shape privilege() {
        Shape shape = new Shape(StatementKind.PRIVILEGE, RiskClass.PRIVILEGE);
        shape.readsRows = false;
        return shape;
    }

    /** SET ROLE and SET SESSION AUTHORIZATION are caught from the statement's words before this. */
    private static Shape set(SetStatement set) {
        // SET search_path and friends change how later names resolve; never allowed blind.
        return Shape.unknown("SET changes session settings, which Airlock does not allow.");
    }

    private static Shape reset(ResetStatement reset) {
        return Shape.unknown("RESET changes session settings, which Airlock does not allow.");
    }

    /** EXPLAIN only plans; EXPLAIN ANALYZE runs the statement, so it is that statement. */
    private Shape explain(ExplainStatement explain) {
        Statement inner = explain.getStatement();
        if (inner == null) {
            return explain.getTable() != null ? read() : Shape.unknown("This EXPLAIN names no statement.");
        }
        if (explain.getOption(ExplainStatement.OptionType.ANALYZE) != null) {
            return shape(inner);
        }
        Shape innerShape = shape(inner);
        if (innerShape.kind == StatementKind.UNKNOWN) {
            return innerShape;
        }
        Shape shape = read();
        shape.executes = false;
        return shape;
    }

    private static Shape execute(Execute execute) {
        if (execute.getExecType() == Execute.ExecType.EXECUTE) {
            return Shape.unknown("EXECUTE runs a prepared statement Airlock cannot see.");
        }
        // A procedure can do anything its body does: policy decides with sql:call.
        Shape shape = new Shape(StatementKind.CALL, RiskClass.UNKNOWN);
        shape.readsRows = false;
        return shape;
    }

    private static OptionalLong rowLimit(Limit limit, Fetch fetch) {
        if (limit != null && limit.getRowCount() instanceof LongValue count) {
            return OptionalLong.of(count.getValue());
        }
        if (fetch != null) {
            Expression expression = fetch.getExpression();
            if (expression instanceof LongValue count) {
                return OptionalLong.of(count.getValue());
            }
        }
        return OptionalLong.empty();
    }

    private List<TableRef> tables(Collection<Table> tables, Table single) {
        List<TableRef> refs = new ArrayList<>();
        if (tables != null) {
            tables.forEach(t -> refs.add(table(t)));
        }
        if (refs.isEmpty() && single != null) {
            refs.add(table(single));
        }
        return refs;
    }

    private TableRef table(Table table) {
        return facts.tableRef(table);
    }

    private static String describe(Statement statement) {
        return statement.getClass().getSimpleName().replace("Statement", "").toUpperCase(Locale.ROOT);
    }
}
