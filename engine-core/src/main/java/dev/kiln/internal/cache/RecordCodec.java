package dev.kiln.internal.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact binary form of the loaded project's immutable data: records (by their components and
 * canonical constructor), strings (each distinct one written once), boxed numbers, booleans,
 * enums, paths, dates, lists, sets and maps (order kept), and {@code null}. A record met twice is
 * written once and shared again when read. Any other type is a {@link Unsupported}: the caller
 * then keeps no cache rather than a wrong one.
 *
 * <p>The codec knows nothing of credentials: a {@link Secrets} policy, given by the caller, sees
 * each string before it is written (with the map key it is under and the record component that
 * holds it) and may have it written as a {@link Sealed} recipe instead (literal parts and
 * references the policy resolves again when the string is read).
 */
final class RecordCodec {

    /** A value of a type this codec does not know, or a stream it cannot read. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte STRING_REF = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte TRUE = 6;
    private static final byte FALSE = 7;
    private static final byte LIST = 8;
    private static final byte SET = 9;
    private static final byte MAP = 10;
    private static final byte RECORD = 11;
    private static final byte RECORD_REF = 12;
    private static final byte ENUM = 13;
    private static final byte PATH = 14;
    private static final byte BIG_DECIMAL = 15;
    private static final byte BIG_INTEGER = 16;
    private static final byte FLOAT = 17;
    private static final byte LOCAL_DATE = 18;
    private static final byte LOCAL_DATE_TIME = 19;
    private static final byte INSTANT = 20;
    private static final byte SEALED = 21;

    /**
     * A string written as a recipe to rebuild it rather than as itself: parts whose meaning is
     * the {@link Secrets} policy's (say, a literal, or the name of an environment variable).
     *
     * @param parts the recipe, in order
     */
    record Sealed(List<String> parts) {
        Sealed {
            parts = List.copyOf(parts);
        }
    }

    /** Which strings are written as {@link Sealed} recipes, and how a recipe becomes a string again. */
    interface Secrets {

        /** Writes every string as it is. */
        Secrets NONE = new Secrets() {
            @Override
            public Sealed seal(String where, String key, String value) {
                return null;
            }

            @Override
            public String unseal(Sealed sealed) {
                throw new Unsupported("a sealed value and no policy to read it");
            }
        };

        /**
         * What to write instead of {@code value}, or {@code null} to write it as it is; throws
         * {@link Unsupported} when it must not be written at all.
         *
         * @param where the record component holding it ({@code SimpleName.component}), or {@code null}
         * @param key   the string map key it is the value of, or {@code null} when it is no map value
         */
        Sealed seal(String where, String key, String value);

        /** The string {@code sealed} stands for. */
        String unseal(Sealed sealed);
    }

    /** Components and canonical constructor of a record class, looked up once. */
    private record Shape(Method[] accessors, String[] names, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Method[] accessors = new Method[rc.length];
            String[] names = new String[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                accessors[i] = rc[i].getAccessor();
                accessors[i].setAccessible(true);
                names[i] = type.getSimpleName() + "." + rc[i].getName();
                types[i] = rc[i].getType();
            }
            try {
                Constructor<?> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return new Shape(accessors, names, c);
            } catch (NoSuchMethodException | RuntimeException e) {
                throw new Unsupported("record " + type.getName() + ": " + e);
            }
        }
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private RecordCodec() {
    }

    /** Writes values to a stream. */
    static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();
        private final Map<Object, Integer> records = new IdentityHashMap<>();
        private final Map<Class<?>, Integer> classes = new HashMap<>();
        private final Secrets secrets;
        private String where;

        Writer(DataOutputStream out, Secrets secrets) {
            this.out = out;
            this.secrets = secrets;
        }

        void write(Object v) throws IOException {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof String s) {
                writeText(s, null);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            } else if (v instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else if (v instanceof BigDecimal d) {
                out.writeByte(BIG_DECIMAL);
                writeString(d.toString());
            } else if (v instanceof BigInteger d) {
                out.writeByte(BIG_INTEGER);
                writeString(d.toString());
            } else if (v instanceof Path p) {
                out.writeByte(PATH);
                write(p.toString());
            } else if (v instanceof LocalDate d) {
                out.writeByte(LOCAL_DATE);
                writeString(d.toString());
            } else if (v instanceof LocalDateTime d) {
                out.writeByte(LOCAL_DATE_TIME);
                writeString(d.toString());
            } else if (v instanceof Instant d) {
                out.writeByte(INSTANT);
                writeString(d.toString());
            } else if (v instanceof Enum<?> e) {
                out.writeByte(ENUM);
                writeClass(e.getDeclaringClass());
                write(e.name());
            } else if (v instanceof List<?> list) {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object o : list) {
                    write(o);
                }
            } else if (v instanceof Set<?> set) {
                out.writeByte(SET);
                out.writeInt(set.size());
                for (Object o : set) {
                    write(o);
                }
            } else if (v instanceof Map<?, ?> map) {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    write(e.getKey());
                    if (e.getKey() instanceof String key && e.getValue() instanceof String value) {
                        writeText(value, key);
                    } else {
                        write(e.getValue());
                    }
                }
            } else if (v instanceof Record r) {
                Integer ref = records.get(r);
                if (ref != null) {
                    out.writeByte(RECORD_REF);
                    out.writeInt(ref);
                    return;
                }
                Shape shape = SHAPES.computeIfAbsent(r.getClass(), Shape::of);
                out.writeByte(RECORD);
                writeClass(r.getClass());
                String outer = where;
                Method[] accessors = shape.accessors();
                for (int i = 0; i < accessors.length; i++) {
                    where = shape.names()[i];
                    try {
                        write(accessors[i].invoke(r));
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new Unsupported("reading " + r.getClass().getName() + "." + accessors[i].getName() + ": " + e);
                    }
                }
                where = outer;
                records.put(r, records.size()); // after its parts: the reader numbers it when built
            } else {
                throw new Unsupported("cannot cache a " + v.getClass().getName());
            }
        }

        /** A string; {@code key} is the string map key it is the value of, or {@code null}. */
        private void writeText(String s, String key) throws IOException {
            Sealed sealed = key == null ? null : secrets.seal(where, key, s);
            if (sealed == null) {
                Integer ref = strings.get(s);
                if (ref != null) {
                    out.writeByte(STRING_REF);
                    out.writeInt(ref);
                    return;
                }
                sealed = key == null ? secrets.seal(where, null, s) : null;
            }
            if (sealed != null) { // never numbered: each occurrence is sealed again
                out.writeByte(SEALED);
                out.writeInt(sealed.parts().size());
                for (String part : sealed.parts()) {
                    writeString(part);
                }
                return;
            }
            strings.put(s, strings.size());
            out.writeByte(STRING);
            writeString(s);
        }

        private void writeClass(Class<?> c) throws IOException {
            Integer ref = classes.get(c);
            if (ref != null) {
                out.writeInt(ref);
            } else {
                classes.put(c, classes.size());
                out.writeInt(-1);
                writeString(c.getName());
            }
        }

        private void writeString(String s) throws IOException {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Reads what a {@link Writer} wrote. */
    static final class Reader {
        private final ByteBuffer in;
        private final Secrets secrets;
        private final List<String> strings = new ArrayList<>();
        private final List<Object> records = new ArrayList<>();
        private final List<Class<?>> classes = new ArrayList<>();
        private final Map<String, Path> paths = new HashMap<>();

        Reader(byte[] bytes, Secrets secrets) {
            this.in = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream writes
            this.secrets = secrets;
        }

        Object read() throws IOException {
            try {
                return readValue();
            } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new java.io.EOFException("the cache ends early or is damaged: " + e);
            }
        }

        private Object readValue() throws IOException {
            byte tag = in.get();
            switch (tag) {
                case NULL:
                    return null;
                case STRING: {
                    String s = readString();
                    strings.add(s);
                    return s;
                }
                case STRING_REF:
                    return strings.get(in.getInt());
                case SEALED: {
                    int n = in.getInt();
                    List<String> parts = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        parts.add(readString());
                    }
                    return secrets.unseal(new Sealed(parts));
                }
                case INT:
                    return in.getInt();
                case LONG:
                    return in.getLong();
                case DOUBLE:
                    return in.getDouble();
                case FLOAT:
                    return in.getFloat();
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case BIG_DECIMAL:
                    return new BigDecimal(readString());
                case BIG_INTEGER:
                    return new BigInteger(readString());
                case PATH:
                    return paths.computeIfAbsent((String) readValue(), Path::of);
                case LOCAL_DATE:
                    return LocalDate.parse(readString());
                case LOCAL_DATE_TIME:
                    return LocalDateTime.parse(readString());
                case INSTANT:
                    return Instant.parse(readString());
                case ENUM: {
                    Class<?> c = readClass();
                    String name = (String) readValue();
                    for (Object constant : c.getEnumConstants()) {
                        if (((Enum<?>) constant).name().equals(name)) {
                            return constant;
                        }
                    }
                    throw new Unsupported("no " + c.getName() + "." + name);
                }
                case LIST: {
                    int n = in.getInt();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(readValue());
                    }
                    return list;
                }
                case SET: {
                    int n = in.getInt();
                    Set<Object> set = new LinkedHashSet<>(Math.max(4, n * 2));
                    for (int i = 0; i < n; i++) {
                        set.add(readValue());
                    }
                    return set;
                }
                case MAP: {
                    int n = in.getInt();
                    Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
                    for (int i = 0; i < n; i++) {
                        Object k = readValue();
                        map.put(k, readValue());
                    }
                    return map;
                }
                case RECORD: {
                    Class<?> c = readClass();
                    Shape shape = SHAPES.computeIfAbsent(c, Shape::of);
                    Object[] args = new Object[shape.accessors().length];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = readValue();
                    }
                    try {
                        Object r = shape.constructor().newInstance(args);
                        records.add(r);
                        return r;
                    } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                             | IllegalArgumentException e) {
                        throw new Unsupported("building " + c.getName() + ": " + e);
                    }
                }
                case RECORD_REF:
                    return records.get(in.getInt());
                default:
                    throw new Unsupported("unknown tag " + tag);
            }
        }

        private Class<?> readClass() throws IOException {
            int ref = in.getInt();
            if (ref >= 0) {
                return classes.get(ref);
            }
            String name = readString();
            try {
                Class<?> c = Class.forName(name, false, RecordCodec.class.getClassLoader());
                classes.add(c);
                return c;
            } catch (ClassNotFoundException e) {
                throw new Unsupported("no class " + name);
            }
        }

        private String readString() throws IOException {
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new java.io.EOFException("a string of " + n + " bytes where " + in.remaining() + " are left");
            }
            String s = new String(in.array(), in.arrayOffset() + in.position(), n, java.nio.charset.StandardCharsets.UTF_8);
            in.position(in.position() + n);
            return s;
        }
    }
}
