package dev.kiln.internal.render;

import dev.kiln.spi.Dialect;
import freemarker.template.Configuration;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;

import java.util.ArrayList;
import java.util.List;

/**
 * The cross-database helpers templates can call, each delegating to the target's
 * {@link Dialect}: {@code dateadd}, {@code datediff}, {@code date_trunc}, {@code safe_cast},
 * {@code concat}, {@code hash}, {@code regexp_like}, {@code current_timestamp}, {@code literal}, {@code type_string}.
 */
final class DialectHelpers {

    private DialectHelpers() {
    }

    @FunctionalInterface
    private interface Body {
        String apply(List<String> args);
    }

    static void install(Configuration cfg, Dialect d) {
        put(cfg, "dateadd", 3, 3, "dateadd('day', 7, 'created_at')", a -> d.dateadd(a.get(0), a.get(1), a.get(2)));
        put(cfg, "datediff", 3, 3, "datediff('day', 'start_col', 'end_col')", a -> d.datediff(a.get(0), a.get(1), a.get(2)));
        put(cfg, "date_trunc", 2, 2, "date_trunc('month', 'created_at')", a -> d.dateTrunc(a.get(0), a.get(1)));
        put(cfg, "safe_cast", 2, 2, "safe_cast('amount', 'double')", a -> d.safeCast(a.get(0), a.get(1)));
        put(cfg, "concat", 1, 64, "concat('first_name', \"' '\", 'last_name')", d::concat);
        put(cfg, "hash", 1, 1, "hash('user_id')", a -> d.hash(a.get(0)));
        put(cfg, "regexp_like", 2, 2, "regexp_like('email', literal('^.+@.+$'))", a -> d.regexpLike(a.get(0), a.get(1)));
        put(cfg, "current_timestamp", 0, 0, "current_timestamp()", a -> d.currentTimestamp());
        put(cfg, "literal", 1, 1, "literal('text')", a -> d.quoteString(a.get(0)));
        put(cfg, "type_string", 0, 0, "type_string()", a -> d.typeString());
    }

    private static void put(Configuration cfg, String name, int min, int max, String usage, Body body) {
        cfg.setSharedVariable(name, (TemplateMethodModelEx) args -> {
            Args.count(name, args, min, max, usage);
            List<String> texts = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                texts.add(Args.text(args, i));
            }
            return new SimpleScalar(body.apply(texts));
        });
    }

}
