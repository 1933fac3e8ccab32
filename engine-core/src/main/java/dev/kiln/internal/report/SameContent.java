package dev.kiln.internal.report;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether two values would be written alike into an artifact: the comparison {@link EntryMemo}
 * makes before it reuses an entry's bytes. Unlike {@code equals} it is sensitive to order (two
 * maps with the same entries in another order are written differently) and to the exact class of
 * a number ({@code 1} and {@code 1L} are equal here only as the same class); records are compared
 * component by component. Anything else it does not know is not the same unless it is the very
 * same object — a doubt means the entry is written again. The values are taken to be immutable
 * (the project's records, lists and maps are not changed once built).
 */
final class SameContent {

    /** Each record class's component accessors, looked up once. */
    private static final ClassValue<MethodHandle[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] getters = new MethodHandle[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    java.lang.reflect.Method accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    getters[i] = MethodHandles.lookup().unreflect(accessor)
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // not readable: never the same unless identical
            }
            return getters;
        }
    };

    private SameContent() {
    }

    /** Whether {@code a} and {@code b} are written alike (a doubt answers no). */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Map<?, ?> x) {
            return b instanceof Map<?, ?> y && sameMaps(x, y);
        }
        if (a instanceof Collection<?> x) {
            return b instanceof Collection<?> y && x.size() == y.size() && sameInOrder(x.iterator(), y.iterator());
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof String || a instanceof Boolean || a instanceof Integer || a instanceof Long
                || a instanceof Short || a instanceof Byte || a instanceof Double || a instanceof Float
                || a instanceof BigInteger || a instanceof BigDecimal || a instanceof Character
                || a instanceof Path || a instanceof java.time.Instant) {
            return a.equals(b); // a BigDecimal's scale counts, as it is written
        }
        if (a instanceof Enum<?>) {
            return false; // not the same constant
        }
        if (a instanceof Object[] x) {
            return sameInOrder(Arrays.asList(x).iterator(), Arrays.asList((Object[]) b).iterator());
        }
        if (a instanceof Record) {
            return sameRecords(a, b);
        }
        return false;
    }

    private static boolean sameMaps(Map<?, ?> x, Map<?, ?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
        while (i.hasNext() && j.hasNext()) {
            Map.Entry<?, ?> e = i.next();
            Map.Entry<?, ?> f = j.next();
            if (!same(e.getKey(), f.getKey()) || !same(e.getValue(), f.getValue())) {
                return false;
            }
        }
        return !i.hasNext() && !j.hasNext();
    }

    private static boolean sameInOrder(Iterator<?> i, Iterator<?> j) {
        while (i.hasNext() && j.hasNext()) {
            if (!same(i.next(), j.next())) {
                return false;
            }
        }
        return !i.hasNext() && !j.hasNext();
    }

    private static boolean sameRecords(Object a, Object b) {
        MethodHandle[] getters = COMPONENTS.get(a.getClass());
        if (getters == null) {
            return false;
        }
        try {
            for (MethodHandle getter : getters) {
                if (!same((Object) getter.invokeExact(a), (Object) getter.invokeExact(b))) {
                    return false;
                }
            }
            return true;
        } catch (Throwable e) {
            return false; // an accessor that throws: written again
        }
    }

    /** {@code values} as a list that may hold {@code null}s, for an entry's inputs. */
    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }
}
