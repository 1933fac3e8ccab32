package dev.kiln.internal.select;

/**
 * How a node differs from its entry in an earlier manifest.
 *
 * @param isNew            the earlier manifest has no node with this unique id
 * @param bodyChanged      its checksum differs (the SQL, or a seed's CSV; an exposure's entry)
 * @param configsChanged   its config differs, apart from {@code database}, {@code schema}, {@code alias}
 * @param relationChanged  its {@code database}, {@code schema} or {@code alias} config differs
 * @param macrosChanged    a macro it calls (directly or not) is defined differently, or it calls others
 * @param varsChanged      a var or env var its template read has another value, or it reads others
 * @param contractChanged  its {@code contract} config differs, or, enforced, its declared columns or types
 */
record StateDiff(boolean isNew, boolean bodyChanged, boolean configsChanged, boolean relationChanged,
                 boolean macrosChanged, boolean varsChanged, boolean contractChanged) {

    /** A node the earlier manifest did not have. */
    static final StateDiff NEW = new StateDiff(true, true, true, true, true, true, true);

    /** New, or changed in any way. */
    boolean modified() {
        return isNew || bodyChanged || configsChanged || relationChanged || macrosChanged || varsChanged || contractChanged;
    }

    /** Whether the node matches {@code state:VALUE} (one of {@link SelectorMethod#STATE}'s values). */
    boolean matches(String value) {
        return switch (value) {
            case "new" -> isNew;
            case "old" -> !isNew;
            case "modified" -> modified();
            case "unmodified" -> !modified();
            case "modified.body" -> isNew || bodyChanged;
            case "modified.configs" -> isNew || configsChanged;
            case "modified.relation" -> isNew || relationChanged;
            case "modified.macros" -> isNew || macrosChanged;
            case "modified.vars" -> isNew || varsChanged;
            case "modified.contract" -> isNew || contractChanged;
            default -> false;
        };
    }
}
