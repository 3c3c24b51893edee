package dev.airlock.sql;

import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.TableRef;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks a parsed statement once and collects what policy can look at: the tables (through
 * JSqlParser's own table finder), the columns referenced and the functions called. Column
 * qualifiers are resolved through table aliases; a bare column is given its table when the
 * statement reads exactly one.
 */
final class StatementFacts extends TablesNamesFinder<Void> {
    private final SqlDialect dialect;
    private final String defaultSchema;
    private final Map<String, TableRef> tablesByQualifier = new HashMap<>();
    private final Set<TableRef> tableRefs = new LinkedHashSet<>();
    private final List<Column> columns = new ArrayList<>();
    private final List<String> starTables = new ArrayList<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> writtenFunctions = new LinkedHashSet<>();
    private final Set<TableRef> catalogReads = new LinkedHashSet<>();
    private boolean bareStar;
    private boolean locksRows;

    StatementFacts(SqlDialect dialect, String defaultSchema) {
        this.dialect = dialect;
        this.defaultSchema = defaultSchema;
    }

    /** Every table the statement names (common table expressions excluded), in a stable order. */
    List<TableRef> tables(Statement statement) {
        Set<String> names = getTables(statement);
        List<TableRef> refs = new ArrayList<>(names.stream().map(this::tableRef).toList());
        refs.addAll(catalogReads);
        return refs.stream().distinct().sorted().toList();
    }

    TableRef tableRef(Table table) {
        return tableRef(table.getFullyQualifiedName());
    }

    TableRef tableRef(String qualifiedName) {
        List<String> parts = TableNames.split(qualifiedName);
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        TableRef ref = TableRef.of(schema, name, defaultSchema, dialect.foldsToLowerCase());
        if (schema == null && dialect == SqlDialect.POSTGRESQL && ref.name().startsWith("pg_")) {
            // pg_catalog comes first on every search path: an unqualified pg_ name is a catalog.
            return new TableRef(FunctionNames.PG_CATALOG, ref.name());
        }
        return ref;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        TableRef ref = tableRef(table);
        tableRefs.add(ref);
        tablesByQualifier.putIfAbsent(fold(table.getName()), ref);
        if (table.getAlias() != null && table.getAlias().getName() != null) {
            tablesByQualifier.put(fold(table.getAlias().getName()), ref);
        }
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        if (select.getForMode() != null || select.getForUpdateTable() != null || select.getForUpdate() != null) {
            locksRows = true;
        }
        return super.visit(select, context);
    }

    /** Whether any SELECT in the statement, however deep, takes row locks (FOR UPDATE / FOR SHARE). */
    boolean locksRows() {
        return locksRows;
    }

    @Override
    public <S> Void visit(Column column, S context) {
        columns.add(column);
        return super.visit(column, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
        if (function.getName() != null) {
            functions.add(SideEffectFunctions.baseName(function.getName(), dialect));
            writtenFunctions.add(function.getName());
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(TableFunction tableFunction, S context) {
        for (Function function : tableFunction.getFunctions() == null ? List.<Function>of() : tableFunction.getFunctions()) {
            if (function != null && function.getName() != null) {
                functions.add(SideEffectFunctions.baseName(function.getName(), dialect));
                writtenFunctions.add(function.getName());
            }
        }
        return super.visit(tableFunction, context);
    }

    @Override
    public <S> Void visit(AllColumns allColumns, S context) {
        bareStar = true;
        return super.visit(allColumns, context);
    }

    @Override
    public <S> Void visit(AllTableColumns allTableColumns, S context) {
        starTables.add(allTableColumns.getTable().getName());
        return super.visit(allTableColumns, context);
    }

    /**
     * A cast to an object-identifier type ({@code 'orders'::regclass}) looks a name up in a
     * system catalog: the statement reads that catalog.
     */
    @Override
    public <S> Void visit(CastExpression cast, S context) {
        if (dialect == SqlDialect.POSTGRESQL && cast.getColDataType() != null) {
            String type = FunctionNames.resolve(cast.getColDataType().getDataType())
                    .filter(FunctionNames.Resolved::builtIn).map(FunctionNames.Resolved::name).orElse("");
            String catalog = REG_TYPE_CATALOGS.get(type);
            if (catalog != null) {
                catalogReads.add(new TableRef(FunctionNames.PG_CATALOG, catalog));
            }
        }
        return super.visit(cast, context);
    }

    private static final Map<String, String> REG_TYPE_CATALOGS = Map.ofEntries(
            Map.entry("regclass", "pg_class"), Map.entry("regproc", "pg_proc"),
            Map.entry("regprocedure", "pg_proc"), Map.entry("regoper", "pg_operator"),
            Map.entry("regoperator", "pg_operator"), Map.entry("regtype", "pg_type"),
            Map.entry("regnamespace", "pg_namespace"), Map.entry("regrole", "pg_authid"),
            Map.entry("regconfig", "pg_ts_config"), Map.entry("regdictionary", "pg_ts_dict"),
            Map.entry("regcollation", "pg_collation"));

    /** The function names as written (qualified, quoted), in the order met. */
    List<String> writtenFunctions() {
        return List.copyOf(writtenFunctions);
    }

    /** The functions called, lower case, in the order met. */
    List<String> functions() {
        return List.copyOf(functions);
    }

    /** Columns referenced anywhere, {@code schema.table.column} where the table is known. */
    List<String> columnsRead() {
        Set<String> out = new LinkedHashSet<>();
        for (Column column : columns) {
            out.add(qualify(column));
        }
        for (String star : starTables) {
            TableRef table = tablesByQualifier.get(fold(star));
            out.add((table == null ? fold(star) : table.qualifiedName()) + ".*");
        }
        if (bareStar) {
            if (tableRefs.isEmpty()) {
                out.add("*");
            }
            tableRefs.forEach(t -> out.add(t.qualifiedName() + ".*"));
        }
        return out.stream().sorted().toList();
    }

    String qualify(Column column) {
        String name = fold(column.getColumnName());
        Table table = column.getTable();
        if (table != null && table.getName() != null) {
            TableRef ref = tablesByQualifier.get(fold(table.getName()));
            return (ref == null ? fold(table.getName()) : ref.qualifiedName()) + "." + name;
        }
        if (tableRefs.size() == 1) {
            return tableRefs.iterator().next().qualifiedName() + "." + name;
        }
        return name;
    }

    private String fold(String identifier) {
        if (identifier == null) {
            return "";
        }
        if (identifier.length() >= 2 && (identifier.startsWith("\"") || identifier.startsWith("`"))) {
            return identifier.substring(1, identifier.length() - 1);
        }
        return dialect.foldsToLowerCase() ? identifier.toLowerCase(Locale.ROOT) : identifier;
    }
}
