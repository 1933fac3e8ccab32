package dev.kiln.internal.analyze;

import dev.kiln.spi.SyntaxChecker;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Parses one model's compiled SQL: the target's {@link SyntaxChecker} judges the syntax, then
 * Calcite parses it (relations masked, see {@link RelationMasks}) and {@link ShapeExtractor}
 * keeps what lineage needs. Thread-safe.
 */
final class ModelParser {

    private static final Logger LOG = LoggerFactory.getLogger(ModelParser.class);

    private final SyntaxChecker checker;
    private final boolean calciteJudges;
    private volatile CalciteParser calcite;

    /** @param checker the target's syntax checker, or {@code null} */
    ModelParser(SyntaxChecker checker) {
        this.calciteJudges = checker instanceof CalciteSyntaxChecker;
        this.checker = calciteJudges ? null : checker;
        if (calciteJudges) {
            this.calcite = ((CalciteSyntaxChecker) checker).parser();
        }
    }

    /** Calcite's parser, created on first use: a run whose models are all cached never loads Calcite. */
    private CalciteParser calcite() {
        CalciteParser p = calcite;
        if (p == null) {
            synchronized (this) {
                if (calcite == null) {
                    calcite = new CalciteParser(SqlConformanceEnum.LENIENT);
                }
                p = calcite;
            }
        }
        return p;
    }

    private final java.util.concurrent.atomic.AtomicReference<String> checkerFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** True when a syntax checker other than Calcite judges. */
    boolean checks() {
        return checker != null;
    }

    /**
     * The target's checker's verdict on each of {@code sqls} (all empty without a checker, or when
     * the checker fails: then Calcite alone judges).
     */
    List<Optional<SyntaxChecker.Failure>> check(List<String> sqls) {
        if (checker != null) {
            try {
                List<Optional<SyntaxChecker.Failure>> out = checker.checkAll(sqls);
                if (out.size() == sqls.size()) {
                    return out;
                }
                LOG.debug("The syntax checker {} answered {} of {} statements; judging by Calcite alone",
                        checker.id(), out.size(), sqls.size());
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        return java.util.Collections.nCopies(sqls.size(), Optional.empty());
    }

    /** Parses {@code sql}, whose Kiln-rendered relations are {@code rendered}. */
    ParsedModel parse(String sql, List<String> rendered) {
        return parse(sql, rendered, checker == null ? Optional.empty() : check(sql));
    }

    /**
     * Parses {@code sql}, whose Kiln-rendered relations are {@code rendered}, given the target's
     * checker's verdict on it ({@link #check(List)}).
     */
    ParsedModel parse(String sql, List<String> rendered, Optional<SyntaxChecker.Failure> failure) {
        if (failure.isPresent()) {
            return ParsedModel.syntaxError(failure.get().offset(), failure.get().message());
        }
        RelationMasks masked = RelationMasks.apply(FunctionMasks.apply(sql), rendered);
        CalciteParser.Result result = calcite().parse(masked.sql());
        if (!result.ok()) {
            return calciteJudges ? ParsedModel.syntaxError(result.errorOffset(), result.error())
                    : ParsedModel.unknown(result.errorOffset(), result.error());
        }
        try {
            Shape shape = new ShapeExtractor(masked.masks(), new LineIndex(masked.sql())).query(result.node());
            return ParsedModel.parsed(shape);
        } catch (RuntimeException e) {
            return ParsedModel.unknown(-1, "Kiln could not analyse the parse tree (" + e + ")");
        }
    }

    private Optional<SyntaxChecker.Failure> check(String sql) {
        try {
            return checker.check(sql);
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
    }

    private void failed(RuntimeException e) {
        LOG.debug("The syntax checker {} failed; judging by Calcite alone: {}", checker.id(), e.toString());
        checkerFailure.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /**
     * Why the target's checker failed during this run (then Calcite alone judged, and the run's
     * verdicts must not be cached), or {@code null}.
     */
    String checkerFailure() {
        return checkerFailure.get();
    }
}
