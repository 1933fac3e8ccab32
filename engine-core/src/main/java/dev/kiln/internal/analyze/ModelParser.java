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

    private final AnalysisBudget budget;

    /** @param checker the target's syntax checker, or {@code null} */
    ModelParser(SyntaxChecker checker) {
        this(checker, AnalysisBudget.DEFAULT);
    }

    /**
     * @param checker the target's syntax checker, or {@code null}
     * @param budget  how large a model may be and how long its parse may take
     */
    ModelParser(SyntaxChecker checker, AnalysisBudget budget) {
        this.budget = budget;
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
        if (sql.length() > budget.maxChars()) {
            return ParsedModel.unknown(-1, String.format(java.util.Locale.ROOT,
                    "its SQL is %,d characters, more than the analysis budget of %,d per model", sql.length(), budget.maxChars()));
        }
        RelationMasks masked = RelationMasks.apply(FunctionMasks.apply(sql), rendered);
        long deadline = cpuNanos() + budget.time().toNanos();
        List<UnionChain.Branch> branches = UnionChain.split(masked.sql());
        if (!branches.isEmpty()) {
            return parseChain(masked, branches, deadline);
        }
        CalciteParser.Result result = parseWithin(masked.sql(), deadline);
        if (result == null) {
            return overTime();
        }
        if (!result.ok()) {
            return calciteJudges ? ParsedModel.syntaxError(result.errorOffset(), result.error())
                    : ParsedModel.unknown(result.errorOffset(), result.error());
        }
        try {
            Shape shape = new ShapeExtractor(masked.masks(), new LineIndex(masked.sql())).query(result.node());
            return ParsedModel.parsed(shape);
        } catch (RuntimeException | StackOverflowError e) {
            return ParsedModel.unknown(-1, "Kiln could not analyse the parse tree (" + e + ")");
        }
    }

    /** A long {@code UNION ALL} chain, each branch parsed on its own (linear time; see {@link UnionChain}). */
    private ParsedModel parseChain(RelationMasks masked, List<UnionChain.Branch> branches, long deadline) {
        List<Shape> shapes = new java.util.ArrayList<>(branches.size());
        for (UnionChain.Branch b : branches) {
            if (cpuNanos() >= deadline) {
                return overTime();
            }
            CalciteParser.Result r = calcite().parse(b.sql());
            if (!r.ok()) {
                int at = b.offset() + r.errorOffset();
                return calciteJudges ? ParsedModel.syntaxError(at, r.error()) : ParsedModel.unknown(at, r.error());
            }
            try {
                shapes.add(new ShapeExtractor(masked.masks(), new LineIndex(b.sql(), b.offset())).query(r.node()));
            } catch (RuntimeException | StackOverflowError e) {
                return ParsedModel.unknown(-1, "Kiln could not analyse the parse tree (" + e + ")");
            }
        }
        return ParsedModel.parsed(new Shape.SetOp(shapes, List.of()));
    }

    private ParsedModel overTime() {
        return ParsedModel.unknown(-1, "parsing it took longer than the analysis budget of "
                + budget.time().toSeconds() + " s per model");
    }

    /**
     * Calcite's parse of {@code sql}, or {@code null} when it is not done by {@code deadline}.
     * Small statements are parsed on this thread; large ones on a helper thread that is
     * abandoned (it ends on its own: the size is bounded) when the time is up.
     */
    private CalciteParser.Result parseWithin(String sql, long deadline) {
        if (sql.length() < INLINE_CHARS) {
            return calcite().parse(sql);
        }
        CalciteParser parser = calcite();
        java.util.concurrent.atomic.AtomicLong spent = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.FutureTask<CalciteParser.Result> task = new java.util.concurrent.FutureTask<>(() -> {
            long start = cpuNanos();
            try {
                return parser.parse(sql);
            } finally {
                spent.set(cpuNanos() - start);
            }
        });
        Thread t = new Thread(task, "kiln-analysis-parse");
        t.setDaemon(true);
        t.start();
        long allowed = Math.max(0, deadline - cpuNanos());
        long wallLimit = System.nanoTime() + 10 * Math.max(allowed, 1_000_000_000L); // however loaded the machine
        try {
            while (true) {
                try {
                    CalciteParser.Result done = task.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return spent.get() > allowed ? null : done; // finished, but over the budget all the same
                } catch (java.util.concurrent.TimeoutException e) {
                    long used = THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(t.getId()) : -1;
                    if (used > allowed || System.nanoTime() > wallLimit || used < 0 && System.nanoTime() > wallLimit - 9 * allowed) {
                        task.cancel(true);
                        return null;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return CalciteParser.Result.failed(sql.length(), String.valueOf(e.getCause()));
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * This thread's CPU time (wall time where the JVM cannot tell): the budget is CPU time, so
     * that a loaded machine does not turn a model that parses in time into an unknown one.
     */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Statements shorter than this are parsed without a helper thread. */
    static final int INLINE_CHARS = 100_000;

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
