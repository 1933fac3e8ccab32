package dev.kiln.internal.render;

import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;

import java.math.BigDecimal;
import java.util.List;

/** Reading the arguments of template functions. */
final class Args {

    private Args() {
    }

    /** Checks the argument count of {@code fn}. */
    static void count(String fn, List<?> args, int min, int max, String usage) throws TemplateModelException {
        if (args.size() < min || args.size() > max) {
            throw new TemplateProblem("bad-call", fn + "() takes " + (min == max ? String.valueOf(min)
                    : min + " to " + max) + " argument(s), not " + args.size() + ".", "Write " + usage + ".");
        }
    }

    /** Argument {@code i} as Java. */
    static Object value(List<?> args, int i) throws TemplateModelException {
        return DeepUnwrap.unwrap((TemplateModel) args.get(i));
    }

    /** Argument {@code i} as text; numbers print plainly ({@code 1000}, not {@code 1,000}). */
    static String text(List<?> args, int i) throws TemplateModelException {
        return text(value(args, i));
    }

    /** A Java value as SQL-friendly text. */
    static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        return String.valueOf(v);
    }
}
