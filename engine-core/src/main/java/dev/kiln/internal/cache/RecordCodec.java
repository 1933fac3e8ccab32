package dev.kiln.internal.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
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

    /** Components and canonical constructor of a record class, looked up once. */
    private record Shape(Method[] accessors, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Method[] accessors = new Method[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                accessors[i] = rc[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = rc[i].getType();
            }
            try {
                Constructor<?> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return new Shape(accessors, c);
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

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void write(Object v) throws IOException {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof String s) {
                Integer ref = strings.get(s);
                if (ref != null) {
                    out.writeByte(STRING_REF);
                    out.writeInt(ref);
                } else {
                    strings.put(s, strings.size());
                    out.writeByte(STRING);
                    writeString(s);
                }
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
                    if (e.getKey() instanceof String key && e.getValue() instanceof String value && !value.isBlank()
                            && dev.kiln.internal.load.TargetSecrets.looksSecret(key)) {
                        // a credential (an exposure's access_token, a load's token) never goes to disk
                        throw new Unsupported("the project holds a value under the secret-looking key '" + key + "'");
                    }
                    write(e.getKey());
                    write(e.getValue());
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
                for (Method m : shape.accessors()) {
                    try {
                        write(m.invoke(r));
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new Unsupported("reading " + r.getClass().getName() + "." + m.getName() + ": " + e);
                    }
                }
                records.put(r, records.size()); // after its parts: the reader numbers it when built
            } else {
                throw new Unsupported("cannot cache a " + v.getClass().getName());
            }
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
        private final DataInputStream in;
        private final List<String> strings = new ArrayList<>();
        private final List<Object> records = new ArrayList<>();
        private final List<Class<?>> classes = new ArrayList<>();
        private final Map<String, Path> paths = new HashMap<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        Object read() throws IOException {
            byte tag = in.readByte();
            switch (tag) {
                case NULL:
                    return null;
                case STRING: {
                    String s = readString();
                    strings.add(s);
                    return s;
                }
                case STRING_REF:
                    return strings.get(in.readInt());
                case INT:
                    return in.readInt();
                case LONG:
                    return in.readLong();
                case DOUBLE:
                    return in.readDouble();
                case FLOAT:
                    return in.readFloat();
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case BIG_DECIMAL:
                    return new BigDecimal(readString());
                case BIG_INTEGER:
                    return new BigInteger(readString());
                case PATH:
                    return paths.computeIfAbsent((String) read(), Path::of);
                case LOCAL_DATE:
                    return LocalDate.parse(readString());
                case LOCAL_DATE_TIME:
                    return LocalDateTime.parse(readString());
                case INSTANT:
                    return Instant.parse(readString());
                case ENUM: {
                    Class<?> c = readClass();
                    String name = (String) read();
                    for (Object constant : c.getEnumConstants()) {
                        if (((Enum<?>) constant).name().equals(name)) {
                            return constant;
                        }
                    }
                    throw new Unsupported("no " + c.getName() + "." + name);
                }
                case LIST: {
                    int n = in.readInt();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(read());
                    }
                    return list;
                }
                case SET: {
                    int n = in.readInt();
                    Set<Object> set = new LinkedHashSet<>(Math.max(4, n * 2));
                    for (int i = 0; i < n; i++) {
                        set.add(read());
                    }
                    return set;
                }
                case MAP: {
                    int n = in.readInt();
                    Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
                    for (int i = 0; i < n; i++) {
                        Object k = read();
                        map.put(k, read());
                    }
                    return map;
                }
                case RECORD: {
                    Class<?> c = readClass();
                    Shape shape = SHAPES.computeIfAbsent(c, Shape::of);
                    Object[] args = new Object[shape.accessors().length];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = read();
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
                    return records.get(in.readInt());
                default:
                    throw new Unsupported("unknown tag " + tag);
            }
        }

        private Class<?> readClass() throws IOException {
            int ref = in.readInt();
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
            int n = in.readInt();
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new java.io.EOFException();
            }
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
