package dev.tributary.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a configuration record as flat string hyper-parameters and reads it back, for
 * {@link ModelDescription}. Every component becomes one entry named after it; a nested record
 * becomes entries prefixed with the component name and a dot, e.g. {@code schedule.peak}.
 *
 * <p>Going through the record's own components means a component added later is written and
 * read without anyone remembering to list it. Numbers are written with {@code toString}, which
 * for {@code float} and {@code double} is the shortest text that parses back to the same value,
 * so a round trip is exact. Supported component types: {@code int}, {@code long}, {@code float},
 * {@code double}, {@code boolean}, {@code String}, {@code List<Integer>} (written as
 * {@code 32,64,128}) and records made of these.
 */
final class RecordStrings {

    private RecordStrings() {
    }

    /** Every component of the record as name to value, nested records flattened with dots. */
    static Map<String, String> write(Record record) {
        Map<String, String> out = new LinkedHashMap<>();
        write(record, "", out);
        return out;
    }

    /**
     * Rebuilds a record from the entries {@link #write} made.
     *
     * @throws IllegalArgumentException naming a missing, unknown or malformed entry, or carrying
     *     the record's own validation message
     */
    static <R extends Record> R read(Class<R> type, Map<String, String> values) {
        TreeSet<String> unused = new TreeSet<>(values.keySet());
        R record = read(type, "", values, unused);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("unknown hyper-parameters " + unused + " for "
                    + type.getSimpleName());
        }
        return record;
    }

    private static void write(Record record, String prefix, Map<String, String> out) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(component, record);
            String name = prefix + component.getName();
            if (value instanceof Record nested) {
                write(nested, name + ".", out);
            } else if (value instanceof List<?> list) {
                out.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(name, String.valueOf(value));
            }
        }
    }

    private static <R extends Record> R read(Class<R> type, String prefix,
            Map<String, String> values, TreeSet<String> unused) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String name = prefix + components[i].getName();
            if (types[i].isRecord()) {
                arguments[i] = read(types[i].asSubclass(Record.class), name + ".", values, unused);
            } else {
                arguments[i] = parse(components[i], name, values.get(name));
                unused.remove(name);
            }
        }
        return construct(type, types, arguments);
    }

    private static Object parse(RecordComponent component, String name, String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing hyper-parameter " + name);
        }
        Class<?> type = component.getType();
        try {
            if (type == int.class) {
                return Integer.parseInt(text);
            } else if (type == long.class) {
                return Long.parseLong(text);
            } else if (type == float.class) {
                return Float.parseFloat(text);
            } else if (type == double.class) {
                return Double.parseDouble(text);
            } else if (type == boolean.class) {
                return parseBoolean(text);
            } else if (type == String.class) {
                return text;
            } else if (isListOfIntegers(component)) {
                return parseIntegers(text);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyper-parameter " + name + " is not a "
                    + component.getGenericType().getTypeName() + ": '" + text + "'", e);
        }
        throw new IllegalStateException("unsupported component type " + type + " of " + name);
    }

    private static boolean parseBoolean(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private static List<Integer> parseIntegers(String text) {
        List<Integer> integers = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            integers.add(Integer.parseInt(part.strip()));
        }
        return List.copyOf(integers);
    }

    private static boolean isListOfIntegers(RecordComponent component) {
        Type generic = component.getGenericType();
        return component.getType() == List.class && generic instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == Integer.class;
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static <R extends Record> R construct(Class<R> type, Class<?>[] types,
            Object[] arguments) {
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            // The record's own validation rejected the values: pass its message on.
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
