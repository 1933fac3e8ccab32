package dev.kiln.internal.select;

import java.util.HashSet;
import java.util.Set;

/**
 * dbt's default ("eager") indirect selection: a data test or unit test is selected when any
 * node or source it reads is selected, so {@code stg_users} brings along the tests declared on
 * it and {@code source:raw.users} the tests declared on that source. Applied to every
 * criterion, including the criteria of {@code --exclude}: excluding a model excludes its tests.
 */
final class EagerTests {

    private final SelectableIndex index;

    EagerTests(SelectableIndex index) {
        this.index = index;
    }

    /** {@code selected} plus the tests that read any of it, as a new mutable set. */
    Set<String> withTests(Set<String> selected) {
        Set<String> out = new HashSet<>(selected);
        for (String id : selected) {
            out.addAll(index.testsOn(id));
        }
        return out;
    }
}
