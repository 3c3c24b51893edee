package dev.airlock.sql.lineage;

import dev.airlock.core.model.OutputLineage;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlLineage;
import dev.airlock.core.model.TableRef;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads from Airlock's own parse where each result column's values come from, so masking can
 * follow the data through any expression ({@code reverse(ssn)}, {@code birth_date::text},
 * {@code row_to_json(c)}) rather than trust result column names. Also collects every column a
 * statement filters, groups, orders or joins on, since a filter on a masked column is an oracle
 * for its value; and every column whose value decides whether the statement fails or how many
 * rows a function yields (a cast, arithmetic, a CASE condition, a function that is not total),
 * which answers the same questions through an error or a row count.
 *
 * <p>Fails closed: a name it cannot place belongs to every table it might belong to, a value
 * computed from anything is derived (never direct), a {@code *} over a table whose columns are
 * unknown leaves the result unmapped, and a statement it cannot read at all is
 * {@link SqlLineage#UNKNOWN}.
 */
public final class LineageAnalyzer {
    /** Functions that run SQL given as text: what that SQL reads is invisible to the parse. */
    private static final Set<String> QUERY_TEXT_FUNCTIONS = Set.of("ts_stat", "ts_rewrite", "query_to_xml",
            "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml", "table_to_xml",
            "table_to_xmlschema", "table_to_xml_and_xmlschema", "schema_to_xml", "database_to_xml", "dblink",
            "dblink_exec", "xpath_table", "crosstab", "crosstab2", "crosstab3", "crosstab4", "connectby",
            "pg_read_file", "pg_read_binary_file", "lo_get", "lo_export");
    /**
     * Functions that return a value for any value of their arguments, one row per call: what flows
     * through them can be shown masked. Any other function can fail on some values (substr with a
     * negative length, sqrt of a negative, a cast inside) or return a set whose size depends on
     * them (generate_series, unnest), which tells whether a masked value has a property: its
     * arguments count as filtered, like a WHERE on them.
     */
    private static final Set<String> TOTAL_FUNCTIONS = Set.of("lower", "upper", "initcap", "reverse", "md5",
            "length", "char_length", "character_length", "octet_length", "bit_length", "concat", "concat_ws",
            "coalesce", "nullif", "greatest", "least", "btrim", "ltrim", "rtrim", "trim", "replace", "translate",
            "quote_literal", "quote_nullable", "quote_ident", "to_json", "to_jsonb", "row_to_json", "array_to_json",
            "json_build_array", "jsonb_build_array", "array_agg", "json_agg", "jsonb_agg", "string_agg", "count",
            "min", "max", "left", "right", "strpos", "position", "starts_with", "ascii", "to_hex", "hashtext",
            "pg_typeof", "array_to_string", "string_to_array", "cardinality", "to_tsvector", "sha224", "sha256",
            "sha384", "sha512", "textcat", "bool_and", "bool_or", "every", "row");
    /** Casts to these cannot fail on any value; a cast to any other type can, so its operand is filtered. */
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "character varying", "char", "character",
            "bpchar", "name", "citext");
    private static final int MAX_DEPTH = 400;

    private final String defaultSchema;
    private final TableColumns catalog;
    private final Set<SourceColumn> sources = new LinkedHashSet<>();
    private final Set<TableRef> wholeRows = new LinkedHashSet<>();
    private final Set<String> filtered = new LinkedHashSet<>();
    private boolean unreadable;
    private int depth;

    private LineageAnalyzer(String defaultSchema, TableColumns catalog) {
        this.defaultSchema = defaultSchema == null || defaultSchema.isBlank() ? TableRef.DEFAULT_SCHEMA : defaultSchema;
        this.catalog = catalog;
    }

    /** The lineage of one parsed PostgreSQL statement, table columns unknown. */
    public static LineageFacts analyze(Statement statement, String defaultSchema) {
        return analyze(statement, defaultSchema, TableColumns.unknown());
    }

    /** The lineage of one parsed PostgreSQL statement; {@code catalog} expands {@code *} where it knows a table. */
    public static LineageFacts analyze(Statement statement, String defaultSchema, TableColumns catalog) {
        if (statement == null) {
            return LineageFacts.UNKNOWN;
        }
        LineageAnalyzer analyzer = new LineageAnalyzer(defaultSchema, catalog);
        try {
            return analyzer.run(statement);
        } catch (RuntimeException | StackOverflowError e) {
            // A shape this reading does not handle: masking must assume the worst.
            return LineageFacts.UNKNOWN;
        }
    }

    private LineageFacts run(Statement statement) {
        Query result = switch (statement) {
            case Select select -> select(select, Scope.ROOT);
            case Update update -> update(update);
            case Delete delete -> delete(delete);
            case Insert insert -> insert(insert);
            default -> null;
        };
        if (result == null || unreadable) {
            return LineageFacts.UNKNOWN;
        }
        SqlLineage lineage = new SqlLineage(result.mapped ? result.outputs : List.of(), sources, wholeRows,
                result.mapped, true);
        return new LineageFacts(lineage, List.copyOf(filtered), wholeRows);
    }

    // ---------------------------------------------------------------------------------------------
    // Relations and scopes

    /** A FROM item: a table (columns maybe known) or a derived relation (subquery, CTE, function). */
    private sealed interface Relation permits BaseTable, Derived {
        String name();
    }

    private record BaseTable(String name, TableRef table, Optional<List<String>> columns) implements Relation {
    }

    private record Derived(String name, Query query) implements Relation {
    }

    /** The lineage of a query's result: named outputs when mapped, and the union of everything. */
    /**
     * The lineage of a query's result. When unmapped ({@code *} over columns nobody knows),
     * {@code names}/{@code outputs} hold only its named items and {@code stars} the relations
     * the {@code *} stood for, so a column picked from it by name can still be traced.
     */
    private record Query(List<String> names, List<OutputLineage> outputs, boolean mapped, OutputLineage all,
                         List<Relation> stars) {
        Query(List<String> names, List<OutputLineage> outputs, boolean mapped, OutputLineage all) {
            this(names, outputs, mapped, all, List.of());
        }

        static Query unmapped(OutputLineage all) {
            return new Query(List.of(), List.of(), false, all);
        }

        Query renamed(List<String> newNames) {
            if (newNames.isEmpty()) {
                return this;
            }
            if (!mapped) {
                // Renamed columns of unknown order: any new name may be any of them.
                return unmapped(all);
            }
            List<String> renamed = new ArrayList<>(names);
            for (int i = 0; i < newNames.size() && i < renamed.size(); i++) {
                renamed.set(i, newNames.get(i));
            }
            return new Query(renamed, outputs, mapped, all, stars);
        }
    }

    private static final class Scope {
        static final Scope ROOT = new Scope(null);
        final Scope parent;
        final List<Relation> relations = new ArrayList<>();
        final Map<String, Query> ctes = new LinkedHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Optional<Query> cte(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Query q = s.ctes.get(name);
                if (q != null) {
                    return Optional.of(q);
                }
            }
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Statements

    private Query select(Select select, Scope outer) {
        enter();
        try {
            Scope scope = withCtes(select.getWithItemsList(), outer);
            Query query = switch (select) {
                case PlainSelect plain -> plain(plain, scope);
                case SetOperationList set -> setOperation(set, scope);
                case ParenthesedSelect parenthesed -> select(parenthesed.getSelect(), scope);
                case Values values -> values(values, scope);
                case TableStatement table -> tableStatement(table, scope);
                default -> {
                    unreadable = true;
                    yield Query.unmapped(OutputLineage.constant());
                }
            };
            if (!(select instanceof PlainSelect)) {
                // ORDER BY and LIMIT of a set operation or parenthesised query see its outputs.
                Scope over = new Scope(scope);
                over.relations.add(new Derived("", query));
                filterAll(select.getOrderByElements(), over, query);
                filterAll(Arrays.asList(select.getLimit(), select.getOffset(), select.getFetch()), over, query);
            }
            return query;
        } finally {
            depth--;
        }
    }

    private Scope withCtes(List<WithItem<?>> withItems, Scope outer) {
        if (withItems == null || withItems.isEmpty()) {
            return outer;
        }
        Scope scope = new Scope(outer);
        for (WithItem<?> item : withItems) {
            String name = fold(item.getAliasName());
            List<String> columnNames = new ArrayList<>();
            if (item.getWithItemList() != null) {
                for (SelectItem<?> column : item.getWithItemList()) {
                    columnNames.add(fold(String.valueOf(column.getExpression())));
                }
            }
            Query query;
            Object body = item.getParenthesedStatement();
            if (body instanceof ParenthesedSelect select) {
                if (item.isRecursive()) {
                    // Read it twice: the second reading sees what the first found flows through it.
                    scope.ctes.put(name, Query.unmapped(OutputLineage.constant()));
                    Query first = select(select, scope).renamed(columnNames);
                    scope.ctes.put(name, Query.unmapped(first.all));
                    query = select(select, scope).renamed(columnNames);
                    query = mergeAll(query, first.all);
                } else {
                    query = select(select, scope).renamed(columnNames);
                }
            } else if (body instanceof ParenthesedInsert insert) {
                query = insert(insert.getInsert()).renamed(columnNames);
            } else if (body instanceof ParenthesedUpdate update) {
                query = update(update.getUpdate()).renamed(columnNames);
            } else if (body instanceof ParenthesedDelete delete) {
                query = delete(delete.getDelete()).renamed(columnNames);
            } else {
                unreadable = true;
                query = Query.unmapped(OutputLineage.constant());
            }
            scope.ctes.put(name, query);
        }
        return scope;
    }

    private Query plain(PlainSelect select, Scope outer) {
        Scope scope = new Scope(outer);
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
            unreadable = true;
        }
        if (select.getFromItem() != null) {
            addFromItem(select.getFromItem(), scope, outer);
        }
        List<Object> joinFilters = new ArrayList<>();
        if (select.getJoins() != null) {
            joinsInto(select.getJoins(), scope, outer, joinFilters);
        }
        // Outputs first: ORDER BY, GROUP BY and HAVING may name them.
        List<String> names = new ArrayList<>();
        List<OutputLineage> outputs = new ArrayList<>();
        boolean mapped = true;
        List<Relation> stars = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof AllColumns && !(expression instanceof AllTableColumns)) {
                if (mergesJoinColumns(select.getJoins())) {
                    // USING and NATURAL merge columns PostgreSQL's way: positions are not ours to guess.
                    mapped = false;
                }
                for (Relation relation : scope.relations) {
                    if (!expand(relation, names, outputs)) {
                        mapped = false;
                        stars.add(relation);
                    }
                }
            } else if (expression instanceof AllTableColumns all) {
                List<Relation> relations = relationsNamed(all.getTable(), scope);
                if (relations.isEmpty()) {
                    TableRef ref = wholeRow(table(all.getTable()));
                    stars.add(new BaseTable(ref.name(), ref, Optional.empty()));
                    mapped = false;
                }
                for (Relation relation : relations) {
                    if (!expand(relation, names, outputs)) {
                        mapped = false;
                        stars.add(relation);
                    }
                }
            } else {
                names.add(item.getAlias() != null ? fold(item.getAlias().getName()) : outputName(expression));
                outputs.add(value(expression, scope));
            }
        }
        OutputLineage all = union(outputs);
        if (!mapped) {
            all = union(List.of(all, everything(scope)));
        }
        Query query = new Query(names, outputs, mapped, all, List.copyOf(stars));

        Scope withOutputs = new Scope(outer);
        withOutputs.relations.addAll(scope.relations);
        withOutputs.relations.add(new Derived("", query));
        for (Object on : joinFilters) {
            filter(on, scope);
        }
        filter(select.getWhere(), scope);
        filter(select.getPreWhere(), scope);
        filter(select.getQualify(), withOutputs);
        filter(select.getHaving(), withOutputs);
        if (select.getGroupBy() != null) {
            List<Object> groupBy = new ArrayList<>();
            if (select.getGroupBy().getGroupByExpressionList() != null) {
                groupBy.addAll(select.getGroupBy().getGroupByExpressionList());
            }
            groupBy.add(select.getGroupBy().getGroupingSets());
            filterAll(groupBy, withOutputs, query);
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            filterAll(select.getDistinct().getOnSelectItems(), withOutputs, query);
        } else if (select.getDistinct() != null) {
            // DISTINCT compares the values: how many rows come back says which are equal.
            filterLineage(query.all);
        }
        filterAll(select.getOrderByElements(), withOutputs, query);
        filter(select.getWindowDefinitions(), scope);
        filterAll(Arrays.asList(select.getLimit(), select.getOffset(), select.getFetch()), withOutputs, query);
        return query;
    }

    /** {@code TABLE customers} is {@code SELECT * FROM customers}. */
    private Query tableStatement(TableStatement statement, Scope outer) {
        Scope scope = new Scope(outer);
        addTable(statement.getTable(), scope);
        List<String> names = new ArrayList<>();
        List<OutputLineage> outputs = new ArrayList<>();
        Relation relation = scope.relations.getFirst();
        if (expand(relation, names, outputs)) {
            return new Query(names, outputs, true, union(outputs));
        }
        return new Query(List.of(), List.of(), false, wholeRow(relation), List.of(relation));
    }

    private static boolean mergesJoinColumns(List<Join> joins) {
        return joins != null && joins.stream().anyMatch(j -> j.isNatural()
                || (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()));
    }

    private Query setOperation(SetOperationList set, Scope scope) {
        List<Query> branches = new ArrayList<>();
        for (Select branch : set.getSelects()) {
            branches.add(select(branch, scope));
        }
        OutputLineage all = union(branches.stream().map(Query::all).toList());
        if (set.getOperations() != null && set.getOperations().stream().anyMatch(op -> !op.isAll())) {
            // UNION, INTERSECT and EXCEPT compare rows: select ssn ... intersect select '871-67-6620' is a yes/no.
            filterLineage(all);
        }
        boolean mapped = branches.stream().allMatch(Query::mapped);
        if (!mapped || branches.isEmpty()) {
            return Query.unmapped(all);
        }
        int width = branches.getFirst().outputs.size();
        if (branches.stream().anyMatch(b -> b.outputs.size() != width)) {
            return Query.unmapped(all);
        }
        List<OutputLineage> outputs = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int column = i;
            outputs.add(combine(branches.stream().map(b -> b.outputs.get(column)).toList()));
        }
        return new Query(branches.getFirst().names, outputs, true, all);
    }

    private Query values(Values values, Scope scope) {
        List<OutputLineage> rowsLineage = new ArrayList<>();
        ExpressionList<?> rows = values.getExpressions();
        int width = -1;
        List<List<OutputLineage>> table = new ArrayList<>();
        if (rows != null) {
            for (Expression row : rows) {
                List<OutputLineage> cells = new ArrayList<>();
                if (row instanceof ParenthesedExpressionList<?> list) {
                    for (Expression cell : list) {
                        cells.add(value(cell, scope));
                    }
                } else {
                    cells.add(value(row, scope));
                }
                table.add(cells);
                rowsLineage.addAll(cells);
                width = width < 0 ? cells.size() : (width == cells.size() ? width : -2);
            }
        }
        OutputLineage all = union(rowsLineage);
        if (width < 0) {
            return Query.unmapped(all);
        }
        List<String> names = new ArrayList<>();
        List<OutputLineage> outputs = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int column = i;
            names.add("column" + (i + 1));
            outputs.add(union(table.stream().map(r -> r.get(column)).toList()));
        }
        Query query = new Query(names, outputs, true, all);
        return values.getAlias() != null ? query.renamed(aliasColumns(values.getAlias())) : query;
    }

    private Query update(Update update) {
        Scope scope = withCtes(update.getWithItemsList(), Scope.ROOT);
        Scope own = new Scope(scope);
        addFromItem(update.getTable(), own, scope);
        List<Object> joinFilters = new ArrayList<>();
        if (update.getStartJoins() != null) {
            joinsInto(update.getStartJoins(), own, scope, joinFilters);
        }
        if (update.getFromItem() != null) {
            addFromItem(update.getFromItem(), own, scope);
        }
        if (update.getJoins() != null) {
            joinsInto(update.getJoins(), own, scope, joinFilters);
        }
        OutputLineage assigned = assignments(update.getUpdateSets(), own);
        joinFilters.forEach(on -> filter(on, own));
        filter(update.getWhere(), own);
        filterAll(update.getOrderByElements(), own, null);
        filter(update.getLimit(), own);
        return returning(update.getReturningClause(), own, assigned);
    }

    private Query delete(Delete delete) {
        Scope scope = withCtes(delete.getWithItemsList(), Scope.ROOT);
        Scope own = new Scope(scope);
        addFromItem(delete.getTable(), own, scope);
        if (delete.getUsingFromItemList() != null) {
            delete.getUsingFromItemList().forEach(item -> addFromItem(item, own, scope));
        } else if (delete.getUsingList() != null) {
            delete.getUsingList().forEach(item -> addFromItem(item, own, scope));
        }
        List<Object> joinFilters = new ArrayList<>();
        if (delete.getJoins() != null) {
            joinsInto(delete.getJoins(), own, scope, joinFilters);
        }
        joinFilters.forEach(on -> filter(on, own));
        filter(delete.getWhere(), own);
        filterAll(delete.getOrderByElements(), own, null);
        filter(delete.getLimit(), own);
        return returning(delete.getReturningClause(), own, OutputLineage.constant());
    }

    private Query insert(Insert insert) {
        Scope scope = withCtes(insert.getWithItemsList(), Scope.ROOT);
        OutputLineage assigned = OutputLineage.constant();
        if (insert.getSelect() != null) {
            assigned = select(insert.getSelect(), scope).all;
        }
        Scope own = new Scope(scope);
        addFromItem(insert.getTable(), own, scope);
        List<OutputLineage> more = new ArrayList<>(List.of(assigned));
        more.add(assignments(insert.getSetUpdateSets(), own));
        more.add(assignments(insert.getDuplicateUpdateSets(), own));
        if (insert.getConflictAction() != null) {
            more.add(assignments(insert.getConflictAction().getUpdateSets(), own));
            filter(insert.getConflictAction().getWhereExpression(), own);
        }
        if (insert.getConflictTarget() != null) {
            filter(insert.getConflictTarget(), own);
        }
        return returning(insert.getReturningClause(), own, union(more));
    }

    /** The lineage of every value a write assigns; a returned column may hold any of them. */
    private OutputLineage assignments(List<UpdateSet> sets, Scope scope) {
        if (sets == null) {
            return OutputLineage.constant();
        }
        List<OutputLineage> values = new ArrayList<>();
        for (UpdateSet set : sets) {
            if (set.getValues() != null) {
                for (Expression value : set.getValues()) {
                    values.add(value(value, scope));
                }
            }
        }
        return union(values);
    }

    private Query returning(ReturningClause clause, Scope scope, OutputLineage assigned) {
        if (clause == null) {
            return new Query(List.of(), List.of(), true, assigned);
        }
        List<String> names = new ArrayList<>();
        List<OutputLineage> outputs = new ArrayList<>();
        boolean mapped = true;
        boolean assignsData = !assigned.sources().isEmpty() || !assigned.wholeRows().isEmpty();
        for (SelectItem<?> item : clause) {
            Expression expression = item.getExpression();
            if (expression instanceof AllColumns) {
                scope.relations.forEach(r -> wholeRow(r));
                mapped = false;
                continue;
            }
            OutputLineage value = value(expression, scope);
            names.add(item.getAlias() != null ? fold(item.getAlias().getName()) : outputName(expression));
            // A returned column may hold a value the statement just wrote into it.
            outputs.add(assignsData ? union(List.of(value, assigned)) : value);
        }
        OutputLineage all = union(List.of(union(outputs), assigned));
        if (!mapped) {
            all = union(List.of(all, everything(scope)));
            return Query.unmapped(all);
        }
        return new Query(names, outputs, true, all);
    }

    // ---------------------------------------------------------------------------------------------
    // FROM

    private void joinsInto(List<Join> joins, Scope scope, Scope outer, List<Object> joinFilters) {
        for (Join join : joins) {
            FromItem right = join.getRightItem() != null ? join.getRightItem() : join.getFromItem();
            addFromItem(right, scope, outer);
            if (join.getOnExpressions() != null) {
                joinFilters.addAll(join.getOnExpressions());
            }
            if (join.getUsingColumns() != null) {
                joinFilters.addAll(join.getUsingColumns());
            }
            if (join.isNatural()) {
                // NATURAL joins on every common column: any column of either side may be filtered.
                for (Relation relation : scope.relations) {
                    everythingFiltered(relation);
                }
            }
        }
    }

    private void addFromItem(FromItem item, Scope scope, Scope outer) {
        switch (item) {
            case Table table -> addTable(table, scope);
            case LateralSubSelect lateral -> scope.relations.add(new Derived(aliasName(lateral.getAlias()),
                    select(lateral.getSelect(), scope).renamed(aliasColumns(lateral.getAlias()))));
            case ParenthesedSelect sub -> scope.relations.add(new Derived(aliasName(sub.getAlias()),
                    select(sub.getSelect(), outer).renamed(aliasColumns(sub.getAlias()))));
            case Values values -> scope.relations.add(new Derived(aliasName(values.getAlias()),
                    values(values, scope)));
            case ParenthesedFromItem parenthesed -> {
                addFromItem(parenthesed.getFromItem(), scope, outer);
                if (parenthesed.getJoins() != null) {
                    List<Object> filters = new ArrayList<>();
                    joinsInto(parenthesed.getJoins(), scope, outer, filters);
                    filters.forEach(on -> filter(on, scope));
                }
            }
            default -> {
                // A function in FROM (unnest, jsonb_each, generate_series...): every column it yields
                // may carry any of its arguments. Function calls in FROM are implicitly LATERAL.
                Alias alias = item.getAlias();
                Acc acc = new Acc();
                // Its arguments decide how many rows it yields, and whether it fails: as a WHERE would.
                walk(item, scope, acc, true);
                if (item instanceof net.sf.jsqlparser.statement.select.TableFunction tf
                        && tf.getFunction() != null && tf.getFunction().getName() != null
                        && QUERY_TEXT_FUNCTIONS.contains(lastPart(tf.getFunction().getName()))) {
                    unreadable = true;
                }
                String name = alias != null ? aliasName(alias) : functionName(item);
                scope.relations.add(new Derived(name, Query.unmapped(acc.derived())));
            }
        }
    }

    private void addTable(Table table, Scope scope) {
        String name = fold(table.getName());
        String alias = table.getAlias() != null ? aliasName(table.getAlias()) : name;
        if (table.getSchemaName() == null) {
            Optional<Query> cte = scope.cte(name);
            if (cte.isPresent()) {
                Query query = table.getAlias() != null ? cte.get().renamed(aliasColumns(table.getAlias())) : cte.get();
                scope.relations.add(new Derived(alias, query));
                return;
            }
        }
        TableRef ref = table(table);
        Optional<List<String>> columns = catalog.columnsOf(ref).map(cs -> cs.stream().map(LineageAnalyzer::fold).toList());
        if (table.getAlias() != null && !aliasColumns(table.getAlias()).isEmpty() && columns.isPresent()) {
            List<String> renamed = new ArrayList<>(columns.get());
            List<String> aliases = aliasColumns(table.getAlias());
            // Renamed columns are still the table's: keep them as derived lineage of the original names.
            Query query = tableQuery(ref, columns.get()).renamed(aliases);
            scope.relations.add(new Derived(alias, query));
            return;
        }
        if (table.getAlias() != null && !aliasColumns(table.getAlias()).isEmpty()) {
            // Columns renamed without knowing which is which: any alias may be any column.
            wholeRow(ref);
            OutputLineage any = new OutputLineage(false, Set.of(), Set.of(ref));
            scope.relations.add(new Derived(alias, Query.unmapped(any)));
            return;
        }
        scope.relations.add(new BaseTable(alias, ref, columns));
    }

    private static Query tableQuery(TableRef ref, List<String> columns) {
        List<OutputLineage> outputs = columns.stream()
                .map(c -> new OutputLineage(true, Set.of(SourceColumn.of(ref, c)), Set.of())).toList();
        return new Query(columns, outputs, true, new OutputLineage(false, Set.of(), Set.of(ref)));
    }

    /** Appends a relation's columns for {@code *}; false when they are unknown. */
    private boolean expand(Relation relation, List<String> names, List<OutputLineage> outputs) {
        switch (relation) {
            case BaseTable base -> {
                if (base.columns.isPresent()) {
                    for (String column : base.columns.get()) {
                        SourceColumn source = SourceColumn.of(base.table, column);
                        sources.add(source);
                        names.add(column);
                        outputs.add(new OutputLineage(true, Set.of(source), Set.of()));
                    }
                    return true;
                }
                wholeRow(base.table);
                return false;
            }
            case Derived derived -> {
                if (derived.query.mapped) {
                    names.addAll(derived.query.names);
                    outputs.addAll(derived.query.outputs);
                    return true;
                }
                return false;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions

    /** Accumulates what a value is computed from. */
    private static final class Acc {
        final Set<SourceColumn> sources = new LinkedHashSet<>();
        final Set<TableRef> wholeRows = new LinkedHashSet<>();

        void add(OutputLineage lineage) {
            sources.addAll(lineage.sources());
            wholeRows.addAll(lineage.wholeRows());
        }

        OutputLineage derived() {
            return new OutputLineage(false, sources, wholeRows);
        }
    }

    /** The lineage of one value: direct only when it is a bare column reference that is direct itself. */
    private OutputLineage value(Expression expression, Scope scope) {
        Expression core = expression;
        while (core instanceof Parenthesis p) {
            core = p.getExpression();
        }
        if (core instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            core = list.getFirst();
        }
        if (core instanceof Column column) {
            return column(column, scope);
        }
        if (core instanceof Function function && isArrayAggOfOneValue(function)) {
            // array_agg(email) is an array of email values, each unchanged: masked element by element.
            OutputLineage element = value((Expression) function.getParameters().getFirst(), scope);
            if (element.direct()) {
                filter(function.getOrderByElements(), scope);
                return element;
            }
        }
        Acc acc = new Acc();
        walk(core, scope, acc, false);
        return acc.derived();
    }

    private static boolean isArrayAggOfOneValue(Function function) {
        return function.getName() != null && lastPart(function.getName()).equals("array_agg")
                && function.getParameters() != null && function.getParameters().size() == 1
                && !function.isDistinct() && function.getAttribute() == null && function.getChainedParameters() == null
                && function.getKeep() == null && function.getNamedParameters() == null;
    }

    private void walk(Object node, Scope scope, Acc acc, boolean filter) {
        if (node == null) {
            return;
        }
        enter();
        try {
            switch (node) {
                case Column column -> record(column(column, scope), acc, filter);
                case AllTableColumns all -> {
                    List<Relation> relations = relationsNamed(all.getTable(), scope);
                    if (relations.isEmpty()) {
                        record(new OutputLineage(false, Set.of(), Set.of(table(all.getTable()))), acc, filter);
                    }
                    relations.forEach(r -> record(wholeRow(r), acc, filter));
                }
                case AllColumns all -> {
                    for (Scope s = scope; s != null; s = s.parent) {
                        s.relations.forEach(r -> record(wholeRow(r), acc, filter));
                    }
                }
                case Select select -> {
                    Query query = select(select, scope);
                    record(query.all, acc, filter);
                }
                case Table table -> record(new OutputLineage(false, Set.of(), Set.of(wholeRow(table(table)))), acc,
                        filter);
                case Function function -> {
                    String name = function.getName() == null ? "" : lastPart(function.getName());
                    if (QUERY_TEXT_FUNCTIONS.contains(name)) {
                        unreadable = true;
                    }
                    boolean countStar = name.equals("count") && (function.isAllColumns()
                            || (function.getParameters() != null && function.getParameters().size() == 1
                            && function.getParameters().getFirst() instanceof AllColumns star
                            && !(star instanceof AllTableColumns)));
                    // A function that can fail or fan out on some values answers questions about its inputs.
                    // count(distinct ssn) compares the values, as DISTINCT does.
                    boolean oracle = !TOTAL_FUNCTIONS.contains(name) || function.isDistinct() || function.isUnique();
                    for (Object child : AstChildren.of(node)) {
                        if (countStar && child == function.getParameters()) {
                            continue;
                        }
                        walk(child, scope, acc, filter || oracle);
                    }
                    // string_agg(x, ',' order by ssn) returns its values in ssn's order.
                    walk(function.getOrderByElements(), scope, acc, true);
                }
                case CastExpression cast when !textType(cast) -> {
                    // '871-67-6620'::int fails or not depending on the value: the outcome is an oracle.
                    for (Object child : AstChildren.of(node)) {
                        walk(child, scope, acc, true);
                    }
                }
                case Addition a -> walkOracle(node, scope, acc);
                case Subtraction a -> walkOracle(node, scope, acc);
                case Multiplication a -> walkOracle(node, scope, acc);
                case Division a -> walkOracle(node, scope, acc);
                case IntegerDivision a -> walkOracle(node, scope, acc);
                case Modulo a -> walkOracle(node, scope, acc);
                case BitwiseXor a -> walkOracle(node, scope, acc);
                case CaseExpression caseExpression -> {
                    // The conditions choose the branch; a branch that fails (1/0) tells which was chosen.
                    walk(caseExpression.getSwitchExpression(), scope, acc, true);
                    if (caseExpression.getWhenClauses() != null) {
                        for (WhenClause when : caseExpression.getWhenClauses()) {
                            walk(when.getWhenExpression(), scope, acc, true);
                            walk(when.getThenExpression(), scope, acc, filter);
                        }
                    }
                    walk(caseExpression.getElseExpression(), scope, acc, filter);
                }
                case LikeExpression like -> {
                    // A pattern made from a value fails on some values (a trailing escape character).
                    walk(like.getLeftExpression(), scope, acc, filter);
                    walk(like.getRightExpression(), scope, acc, true);
                    walk(like.getEscape(), scope, acc, true);
                }
                case RegExpMatchOperator regex -> {
                    walk(regex.getLeftExpression(), scope, acc, filter);
                    walk(regex.getRightExpression(), scope, acc, true);
                }
                case SimilarToExpression similar -> {
                    walk(similar.getLeftExpression(), scope, acc, filter);
                    walk(similar.getRightExpression(), scope, acc, true);
                }
                case AnalyticExpression window -> {
                    for (Object child : AstChildren.of(node)) {
                        walk(child, scope, acc, filter);
                    }
                    // Partitioning and ordering by a column reveal it as much as a WHERE does.
                    walk(window.getPartitionExpressionList(), scope, acc, true);
                    walk(window.getOrderByElements(), scope, acc, true);
                    walk(window.getWindowElement(), scope, acc, true);
                }
                default -> {
                    for (Object child : AstChildren.of(node)) {
                        walk(child, scope, acc, filter);
                    }
                }
            }
        } finally {
            depth--;
        }
    }

    private void filterLineage(OutputLineage lineage) {
        lineage.sources().forEach(source -> filtered.add(source.qualifiedName()));
        lineage.wholeRows().forEach(table -> filtered.add(table.qualifiedName() + ".*"));
    }

    /** Arithmetic fails on some values (division by zero, overflow): its operands are oracles. */
    private void walkOracle(Object node, Scope scope, Acc acc) {
        for (Object child : AstChildren.of(node)) {
            walk(child, scope, acc, true);
        }
    }

    private static boolean textType(CastExpression cast) {
        if (cast.getColDataType() == null || cast.getColDataType().getDataType() == null) {
            return false;
        }
        String type = cast.getColDataType().getDataType().toLowerCase(Locale.ROOT).replace("\"", "");
        int modifier = type.indexOf('(');
        type = (modifier >= 0 ? type.substring(0, modifier) : type).strip().replaceAll("\\s+", " ");
        int dot = type.lastIndexOf('.');
        return TEXT_TYPES.contains(dot >= 0 ? type.substring(dot + 1) : type)
                && (cast.getColDataType().getArrayData() == null || cast.getColDataType().getArrayData().isEmpty());
    }

    private void record(OutputLineage lineage, Acc acc, boolean filter) {
        acc.add(lineage);
        sources.addAll(lineage.sources());
        wholeRows.addAll(lineage.wholeRows());
        if (filter) {
            lineage.sources().forEach(s -> filtered.add(s.qualifiedName()));
            lineage.wholeRows().forEach(t -> filtered.add(t.qualifiedName() + ".*"));
        }
    }

    /** Resolves a column reference; fails closed to every relation it might belong to. */
    private OutputLineage column(Column column, Scope scope) {
        String name = fold(column.getColumnName());
        Table qualifier = column.getTable();
        boolean qualified = qualifier != null && qualifier.getName() != null && !qualifier.getName().isEmpty();
        List<OutputLineage> found = new ArrayList<>();
        if (qualified) {
            List<Relation> relations = relationsNamed(qualifier, scope);
            if (!relations.isEmpty()) {
                relations.forEach(r -> found.add(columnOf(r, name)));
            } else {
                // Not a relation: a schema-qualified table, or a composite column's field (address.city).
                TableRef ref = table(qualifier);
                found.add(new OutputLineage(true, Set.of(SourceColumn.of(ref, name)), Set.of()));
                Column asColumn = new Column(qualifier.getName());
                if (qualifier.getSchemaName() == null) {
                    found.add(notDirect(column(asColumn, scope)));
                }
            }
        } else {
            for (Scope s = scope; s != null; s = s.parent) {
                boolean certain = false;
                for (Relation relation : s.relations) {
                    if (relation.name().equals(name)) {
                        // A bare relation name is its whole row: row_to_json(c), c::text.
                        found.add(wholeRow(relation));
                    }
                    switch (relation) {
                        case BaseTable base -> {
                            if (base.columns.isEmpty() || base.columns.get().contains(name)) {
                                found.add(columnOf(base, name));
                                certain |= base.columns.isPresent();
                            }
                        }
                        case Derived derived -> {
                            if (!derived.query.mapped) {
                                found.add(columnOf(derived, name));
                            } else if (derived.query.names.contains(name)) {
                                found.add(columnOf(derived, name));
                                certain = true;
                            }
                        }
                    }
                }
                if (certain) {
                    break;
                }
            }
            if (found.isEmpty()) {
                found.add(new OutputLineage(true, Set.of(new SourceColumn(Optional.empty(), name)), Set.of()));
            }
        }
        OutputLineage result = combine(found);
        sources.addAll(result.sources());
        wholeRows.addAll(result.wholeRows());
        return result;
    }

    private OutputLineage columnOf(Relation relation, String name) {
        return switch (relation) {
            case BaseTable base -> new OutputLineage(true, Set.of(SourceColumn.of(base.table, name)), Set.of());
            case Derived derived -> {
                List<OutputLineage> matches = new ArrayList<>();
                for (int i = 0; i < derived.query.names.size(); i++) {
                    if (derived.query.names.get(i).equals(name)) {
                        matches.add(derived.query.outputs.get(i));
                    }
                }
                if (!derived.query.mapped) {
                    // The name is one of its named items or a column of what its * stood for.
                    derived.query.stars.forEach(star -> matches.add(columnOf(star, name)));
                }
                yield matches.isEmpty() ? notDirect(derived.query.all) : combine(matches);
            }
        };
    }

    private OutputLineage wholeRow(Relation relation) {
        return switch (relation) {
            case BaseTable base -> new OutputLineage(false, Set.of(), Set.of(wholeRow(base.table)));
            case Derived derived -> notDirect(derived.query.all);
        };
    }

    private TableRef wholeRow(TableRef table) {
        wholeRows.add(table);
        return table;
    }

    private void everythingFiltered(Relation relation) {
        OutputLineage all = wholeRow(relation);
        all.sources().forEach(s -> filtered.add(s.qualifiedName()));
        all.wholeRows().forEach(t -> filtered.add(t.qualifiedName() + ".*"));
    }

    private OutputLineage everything(Scope scope) {
        List<OutputLineage> all = new ArrayList<>();
        scope.relations.forEach(r -> all.add(wholeRow(r)));
        return union(all);
    }

    private List<Relation> relationsNamed(Table qualifier, Scope scope) {
        String name = fold(qualifier.getName());
        String schema = qualifier.getSchemaName() == null ? null : fold(qualifier.getSchemaName());
        for (Scope s = scope; s != null; s = s.parent) {
            List<Relation> matches = new ArrayList<>();
            for (Relation relation : s.relations) {
                if (schema == null ? relation.name().equals(name)
                        : relation instanceof BaseTable base && base.table.equals(table(qualifier))) {
                    matches.add(relation);
                }
            }
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        return List.of();
    }

    // ---------------------------------------------------------------------------------------------
    // Filters

    private void filter(Object node, Scope scope) {
        if (node != null) {
            walk(node, scope, new Acc(), true);
        }
    }

    /** ORDER BY / GROUP BY items; a bare number names an output column by position. */
    private void filterAll(List<?> items, Scope scope, Query outputs) {
        if (items == null) {
            return;
        }
        for (Object item : items) {
            if (item == null) {
                continue;
            }
            Object expression = item instanceof OrderByElement o ? o.getExpression()
                    : item instanceof SelectItem<?> s ? s.getExpression() : item;
            if (outputs != null && outputs.mapped && expression instanceof LongValue position) {
                long index = position.getValue() - 1;
                if (index >= 0 && index < outputs.outputs.size()) {
                    record(outputs.outputs.get((int) index), new Acc(), true);
                } else {
                    record(outputs.all, new Acc(), true);
                }
                continue;
            }
            if (outputs != null && !outputs.mapped && expression instanceof LongValue) {
                record(outputs.all, new Acc(), true);
                continue;
            }
            filter(item, scope);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private static OutputLineage notDirect(OutputLineage lineage) {
        return lineage.direct() ? new OutputLineage(false, lineage.sources(), lineage.wholeRows()) : lineage;
    }

    /** Several possible origins: direct only when every one is direct from the same column. */
    private static OutputLineage combine(List<OutputLineage> candidates) {
        if (candidates.isEmpty()) {
            return OutputLineage.constant();
        }
        OutputLineage first = candidates.getFirst();
        if (first.direct() && candidates.stream().allMatch(c -> c.direct() && c.sources().equals(first.sources()))) {
            return first;
        }
        return union(candidates);
    }

    private static OutputLineage union(List<OutputLineage> parts) {
        Set<SourceColumn> sources = new LinkedHashSet<>();
        Set<TableRef> wholeRows = new LinkedHashSet<>();
        for (OutputLineage part : parts) {
            sources.addAll(part.sources());
            wholeRows.addAll(part.wholeRows());
        }
        return new OutputLineage(false, sources, wholeRows);
    }

    private static Query mergeAll(Query query, OutputLineage more) {
        OutputLineage all = union(List.of(query.all, more));
        if (!query.mapped) {
            return Query.unmapped(all);
        }
        List<OutputLineage> outputs = query.outputs.stream().map(o -> union(List.of(o, more))).toList();
        return new Query(query.names, outputs, true, all);
    }

    private TableRef table(Table table) {
        return TableRef.of(table.getSchemaName(), table.getName(), defaultSchema, true);
    }

    private static String outputName(Expression expression) {
        Expression core = expression;
        while (core instanceof Parenthesis p) {
            core = p.getExpression();
        }
        if (core instanceof CastExpression cast) {
            return outputName(cast.getLeftExpression());
        }
        if (core instanceof Column column) {
            return fold(column.getColumnName());
        }
        if (core instanceof Function function && function.getName() != null) {
            return lastPart(function.getName());
        }
        return "?column?";
    }

    private static String functionName(FromItem item) {
        if (item instanceof Function function && function.getName() != null) {
            return lastPart(function.getName());
        }
        return "";
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return fold(dot < 0 ? name : name.substring(dot + 1));
    }

    private static String aliasName(Alias alias) {
        return alias == null || alias.getName() == null ? "" : fold(alias.getName());
    }

    private static List<String> aliasColumns(Alias alias) {
        if (alias == null || alias.getAliasColumns() == null) {
            return List.of();
        }
        return alias.getAliasColumns().stream().map(c -> fold(c.name)).toList();
    }

    /** PostgreSQL folds unquoted names to lower case; quoted ones keep theirs. */
    static String fold(String identifier) {
        if (identifier == null) {
            return "";
        }
        String s = identifier.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new IllegalStateException("statement nests too deeply to trace");
        }
    }
}
