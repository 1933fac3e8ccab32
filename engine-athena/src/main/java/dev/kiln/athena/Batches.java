package dev.kiln.athena;

import java.util.ArrayList;
import java.util.List;

/** Splits lists into consecutive batches of a bounded size. */
final class Batches {

    private Batches() {
    }

    /** {@code items} in order, in batches of at most {@code size}. */
    static <T> List<List<T>> of(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }
}
