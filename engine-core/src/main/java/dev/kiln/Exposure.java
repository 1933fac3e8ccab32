package dev.kiln;

import java.util.List;
import java.util.Map;

/**
 * An entry of {@code exposures:} in a project's YAML, as dbt writes it, plus Kiln's runnable
 * blocks: {@code sync:} (send a model's rows to another system), {@code report:} (write a
 * workbook or file) and {@code serve:} (publish models as an HTTP API, {@code kiln serve}).
 * An exposure without those blocks is documentation only, as in dbt.
 *
 * @param uniqueId    {@code exposure.<project>.<name>}
 * @param name        its name ({@code exposure:NAME} selects it)
 * @param label       a human-friendly name, or {@code ""}
 * @param type        dbt's type: {@code dashboard}, {@code notebook}, {@code analysis}, {@code ml}
 *                    or {@code application}
 * @param owner       who owns it
 * @param description what it is, or {@code ""}
 * @param dependsOn   unique ids of the models, seeds, snapshots and sources it reads, from its
 *                    {@code depends_on} ({@code ref()} and {@code source()})
 * @param url         where people find it, or {@code ""}
 * @param maturity    {@code high}, {@code medium}, {@code low}, or {@code ""}
 * @param tags        its tags
 * @param meta        free-form metadata
 * @param enabled     {@code config.enabled} ({@code env_var()} allowed): a disabled exposure is
 *                    listed but never run
 * @param sync        the {@code sync:} block as written ({@code env_var()} resolved), or {@code null}
 * @param report      the {@code report:} block, or {@code null}
 * @param serve       the {@code serve:} block, or {@code null}
 * @param positions   where each key of the entry is written, by dotted path ({@code sync.to},
 *                    {@code serve.endpoints[0].path}), for diagnostics that point at the line
 * @param origin      the YAML file and the entry's position
 */
public record Exposure(String uniqueId, String name, String label, String type, Owner owner, String description,
                       List<String> dependsOn, String url, String maturity, List<String> tags, Map<String, Object> meta,
                       boolean enabled, Map<String, Object> sync, Map<String, Object> report, Map<String, Object> serve,
                       Map<String, SourcePosition> positions, NodeOrigin origin) {

    /**
     * Who owns an exposure.
     *
     * @param name  a person or team, or {@code ""}
     * @param email an address, or {@code ""}
     */
    public record Owner(String name, String email) {
        /** No owner given. */
        public static final Owner NONE = new Owner("", "");
    }

    /** Copies the collections. */
    public Exposure {
        dependsOn = List.copyOf(dependsOn);
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        positions = Map.copyOf(positions);
    }

    /** Whether Kiln runs it in {@code build} (it has a {@code sync:} or {@code report:} block). */
    public boolean runnable() {
        return sync != null || report != null;
    }

    /** The position of the key at {@code path}, or the entry's own position when it is unknown. */
    public SourcePosition positionOf(String path) {
        return positions.getOrDefault(path, origin.position());
    }
}
