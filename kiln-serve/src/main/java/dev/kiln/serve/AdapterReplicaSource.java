package dev.kiln.serve;

import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RowHandler;
import dev.kiln.spi.Session;

import java.util.List;

/**
 * Copies through the target's adapter ({@code select * from} each model, streamed with
 * {@link Session#stream}), so the same replica works on DuckDB, Athena or any adapter.
 *
 * @param provider the target's adapter
 * @param context  the target and the project directory
 */
public record AdapterReplicaSource(AdapterProvider provider, AdapterContext context) implements ReplicaSource {

    @Override
    public Reader open() {
        Adapter adapter = provider.open(context);
        Session session;
        try {
            session = adapter.openSession();
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
        Dialect dialect = adapter.dialect();
        return new Reader() {
            @Override
            public boolean exists(ServedModel model) {
                return session.describe(model.relation()).isPresent();
            }

            @Override
            public void stream(ServedModel model, RowHandler handler) {
                List<String> order = model.copyOrder();
                session.stream("select * from " + dialect.render(model.relation()) + (order.isEmpty() ? ""
                        : " order by " + String.join(", ", order.stream().map(dialect::quoteIdentifier).toList())), handler);
            }

            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    session.close();
                } finally {
                    adapter.close();
                }
            }
        };
    }
}
