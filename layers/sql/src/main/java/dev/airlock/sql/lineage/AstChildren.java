package dev.airlock.sql.lineage;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child nodes of any JSqlParser node, found through its fields rather than a visitor, so a
 * node type the lineage walk does not know still has every column inside it seen (a visitor
 * that skips a node type would silently lose its columns; this cannot).
 */
final class AstChildren {
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private AstChildren() {
    }

    static List<Object> of(Object node) {
        List<Object> children = new ArrayList<>();
        if (node instanceof Collection<?> collection) {
            collection.forEach(item -> addChild(children, item));
            // A list subclass from the parser (ReturningClause) may also carry fields.
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(item -> addChild(children, item));
            return children;
        }
        if (node instanceof Object[] array) {
            for (Object item : array) {
                addChild(children, item);
            }
            return children;
        }
        if (!isParserNode(node.getClass())) {
            return children;
        }
        for (Field field : fields(node.getClass())) {
            try {
                addChild(children, field.get(node));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
        }
        return children;
    }

    private static void addChild(List<Object> children, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof Class<?>) {
            return;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[]
                || isParserNode(value.getClass())) {
            children.add(value);
        }
    }

    private static boolean isParserNode(Class<?> type) {
        String name = type.getName();
        // The parser's own tree (SimpleNode, Token) links back to parents; the AST does not need it.
        return name.startsWith("net.sf.jsqlparser.") && !name.startsWith("net.sf.jsqlparser.parser.");
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                if (!isParserNode(c) && !Collection.class.isAssignableFrom(c)) {
                    continue;
                }
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.isSynthetic()) {
                        continue;
                    }
                    if (!c.getName().startsWith("net.sf.jsqlparser.")) {
                        continue;
                    }
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
            return List.copyOf(fields);
        });
    }
}
