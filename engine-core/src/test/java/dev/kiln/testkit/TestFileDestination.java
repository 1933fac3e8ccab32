package dev.kiln.testkit;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.SyncDestination;
import dev.kiln.spi.SyncOutcome;
import dev.kiln.spi.SyncRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sync destination for tests ({@code to: test_file}): writes every row of the model to
 * {@code sent.csv} in the sync's work folder ({@code dry_run.csv} in a dry run), and records the
 * number of rows sent in a table {@code <state_schema>.test_file_<exposure>}. With
 * {@code fail_with: MESSAGE} (not blank) it fails with that message; rows whose first column equals
 * {@code reject:} are counted as rejected.
 */
public final class TestFileDestination implements SyncDestination {

    @Override
    public String name() {
        return "test_file";
    }

    @Override
    public Set<String> keys() {
        return Set.of("fail_with", "reject", "token");
    }

    @Override
    public SyncOutcome sync(SyncRequest request) {
        if (request.settings().get("fail_with") != null && !String.valueOf(request.settings().get("fail_with")).isBlank()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, String.valueOf(request.settings().get("fail_with")));
        }
        Object reject = request.settings().get("reject");
        List<String> lines = new ArrayList<>();
        long[] rejected = {0};
        request.session().stream("select * from " + request.dialect().render(request.model()), new dev.kiln.spi.RowHandler() {
            @Override
            public void start(List<String> columns, List<String> types) {
                lines.add(String.join(",", columns));
            }

            @Override
            public void row(List<Object> values) {
                if (reject != null && String.valueOf(reject).equals(String.valueOf(values.get(0)))) {
                    rejected[0]++;
                    return;
                }
                lines.add(String.join(",", values.stream().map(String::valueOf).toList()));
            }
        });
        long sent = lines.size() - 1;
        try {
            Files.write(request.workDir().resolve(request.dryRun() ? "dry_run.csv" : "sent.csv"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.progress().accept("sent " + sent + " rows");
        if (!request.dryRun()) {
            request.session().ensureSchema(request.stateSchema());
            Relation state = new Relation(null, request.stateSchema(), "test_file_" + request.exposure());
            request.session().execute("create or replace table " + request.dialect().render(state) + " as select "
                    + sent + " as sent");
        }
        return new SyncOutcome(sent + rejected[0], request.dryRun() ? sent : sent, 0, 0, rejected[0],
                (request.dryRun() ? "would send " : "sent ") + sent + " records");
    }
}
