package dev.kiln.internal.link;

import dev.kiln.CompiledProject;
import dev.kiln.internal.render.RenderedNode;

import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Map;

/**
 * The last link made in this JVM, so that a long-lived process (the compiler daemon, an
 * embedding that compiles again) links only what an edit can have changed the next time
 * ({@link Relinker}); the result is the full link's. Holds one project's link, softly.
 */
public final class LinkMemo {

    private static final Object LOCK = new Object();
    private static SoftReference<Relinker.State> last = new SoftReference<>(null);
    private static long relinked;

    private LinkMemo() {
    }

    /**
     * {@code linker.link(rendered)}, reusing the last link of the same {@code place} (the
     * compile's target directory) for the nodes no change reaches.
     */
    public static CompiledProject link(Linker linker, Object place, List<RenderedNode> rendered) {
        Relinker.Key key = linker.key(place);
        Relinker.State previous;
        synchronized (LOCK) {
            previous = last.get();
        }
        Relinker.State next = null;
        if (previous != null) {
            try {
                next = Relinker.relink(linker, key, previous, rendered);
            } catch (RuntimeException e) { // a KilnException too: the full link below reports it as it always does
                org.slf4j.LoggerFactory.getLogger(LinkMemo.class).debug("link: a full link, {}", e.toString());
                next = null;
            }
        }
        boolean reused = next != null;
        if (next == null) {
            next = Relinker.State.of(key, rendered, linker.linkAll(rendered, Map.of()));
        }
        synchronized (LOCK) {
            last = new SoftReference<>(next);
            relinked += reused ? 1 : 0;
        }
        return next.linked().result();
    }

    /** How many links in this JVM reused the one before (for tests and benchmarks). */
    public static long relinked() {
        synchronized (LOCK) {
            return relinked;
        }
    }

    /** Forgets the last link. */
    public static void forget() {
        synchronized (LOCK) {
            last = new SoftReference<>(null);
        }
    }
}
