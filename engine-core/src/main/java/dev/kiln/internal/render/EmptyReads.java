package dev.kiln.internal.render;

import dev.kiln.Node;
import dev.kiln.ResourceType;

import java.util.Locale;

/**
 * Which nodes read no rows under {@code --empty}: every node, except a snapshot with
 * {@code hard_deletes: invalidate} or {@code new_record}, which would take an empty source for
 * every row deleted and close them all. Such a snapshot reads its source as usual.
 */
public final class EmptyReads {

    private EmptyReads() {
    }

    /**
     * Whether {@code node}'s refs and sources read no rows when the run is {@code --empty}.
     *
     * @param node the node being rendered or linked
     * @return true unless it is a snapshot that tracks hard deletes
     */
    public static boolean applies(Node node) {
        if (node.resourceType() != ResourceType.SNAPSHOT) {
            return true;
        }
        String hd = node.config().string("hard_deletes").orElse("ignore").strip().toLowerCase(Locale.ROOT);
        return hd.equals("ignore");
    }
}
