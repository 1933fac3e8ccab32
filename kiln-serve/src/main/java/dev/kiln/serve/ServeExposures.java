package dev.kiln.serve;

import dev.kiln.ErrorCode;
import dev.kiln.Exposure;
import dev.kiln.Kiln;
import dev.kiln.KilnException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Picks the serve exposures a {@code kiln serve} selection names. */
public final class ServeExposures {

    private ServeExposures() {
    }

    /**
     * The enabled exposures with a {@code serve:} block that {@code specs} select: {@code NAME},
     * {@code exposure:NAME} or {@code +exposure:NAME}; no specs selects all of them.
     *
     * @throws KilnException {@link ErrorCode#USAGE} when none is selected, naming the serve exposures there are
     */
    public static List<Exposure> select(Kiln kiln, List<String> specs) {
        return select(all(kiln), specs);
    }

    /** As {@link #select(Kiln, List)}, from a list of exposures. */
    public static List<Exposure> select(Collection<Exposure> exposures, List<String> specs) {
        List<Exposure> serving = exposures.stream().filter(e -> e.serve() != null && e.enabled()).toList();
        List<Exposure> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String spec : specs) {
            for (String s : spec.trim().split("\\s+")) {
                if (s.isEmpty()) {
                    continue;
                }
                String name = s.replaceFirst("^\\+", "").replaceFirst("^exposure:", "").replaceFirst("\\+$", "");
                List<Exposure> hit = serving.stream().filter(e -> e.name().equals(name)).toList();
                if (hit.isEmpty()) {
                    unknown.add(s);
                }
                hit.stream().filter(e -> !out.contains(e)).forEach(out::add);
            }
        }
        String available = serving.isEmpty() ? "The project has no enabled exposure with a serve: block."
                : "Serve exposures: " + String.join(", ", serving.stream().map(Exposure::name).toList()) + ".";
        if (!unknown.isEmpty()) {
            throw new KilnException(ErrorCode.USAGE, "No serve exposure matches " + String.join(", ", unknown) + ". "
                    + available);
        }
        if (specs.isEmpty()) {
            out.addAll(serving);
        }
        if (out.isEmpty()) {
            throw new KilnException(ErrorCode.USAGE, "No serve exposure selected. " + available
                    + (serving.isEmpty() ? " Add one to a YAML file: exposures: [{name: my_api, type: application, "
                    + "serve: {endpoints: [{path: /things/{id}, model: things}]}}]" : ""));
        }
        return out;
    }

    private static Collection<Exposure> all(Kiln kiln) {
        return kiln.project().exposures().values();
    }
}
