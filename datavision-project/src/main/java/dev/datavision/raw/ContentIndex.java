package dev.datavision.raw;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * All contents published before as_of, per category, sorted by publication time: the catalogue the
 * interaction pass picks from. Primitive arrays keep it at about 20 bytes per content, so millions of
 * contents fit comfortably in memory.
 *
 * <p>A pick is either <em>fresh</em> (35%: uniform among the category's contents published in the
 * 14 days before the session) or <em>popular</em> (uniform candidates accepted with probability quality², up to
 * six tries), and never returns a content that is not yet published or already archived.
 */
final class ContentIndex {

    private static final long FRESH_SECONDS = 14 * SimClock.DAY;

    private final Category[] categories;

    private ContentIndex(Category[] categories) {
        this.categories = categories;
    }

    /** Collects contents in any order; {@link #build()} sorts them. */
    static final class Builder {
        private final Category[] categories = new Category[Vocabulary.CATEGORIES.length];

        Builder() {
            for (int i = 0; i < categories.length; i++) {
                categories[i] = new Category();
            }
        }

        void add(int category, long contentId, int contentType, long publishSec, long archiveSec, double quality) {
            categories[category].add(contentId, contentType, publishSec, archiveSec, quality);
        }

        ContentIndex build() {
            for (Category c : categories) {
                c.sort();
            }
            return new ContentIndex(categories);
        }
    }

    int size() {
        int n = 0;
        for (Category c : categories) {
            n += c.size;
        }
        return n;
    }

    /**
     * Per-session memo of the binary searches: how many contents of each category were published
     * before the session started, and how many before the start of the freshness window. Views in a
     * session only pick contents published before the session began.
     */
    final class Window {
        private final int[] published = new int[categories.length];
        private final int[] freshFrom = new int[categories.length];
        private final int[] publishedHint = new int[categories.length];
        private final int[] freshHint = new int[categories.length];
        private long sessionStart;

        Window() {
            java.util.Arrays.fill(published, -1);
            java.util.Arrays.fill(freshFrom, -1);
        }

        /** Starts a new session; a user's sessions come in time order, so counts only grow. */
        void reset(long startSec) {
            sessionStart = startSec;
            for (int i = 0; i < published.length; i++) {
                if (published[i] >= 0) {
                    publishedHint[i] = published[i];
                    published[i] = -1;
                }
                if (freshFrom[i] >= 0) {
                    freshHint[i] = freshFrom[i];
                    freshFrom[i] = -1;
                }
            }
        }

        private int published(int category) {
            if (published[category] < 0) {
                published[category] = categories[category].countPublishedBefore(sessionStart, publishedHint[category]);
            }
            return published[category];
        }

        private int freshFrom(int category) {
            if (freshFrom[category] < 0) {
                freshFrom[category] = categories[category].countPublishedBefore(sessionStart - FRESH_SECONDS,
                        freshHint[category]);
            }
            return freshFrom[category];
        }
    }

    Window window() {
        return new Window();
    }

    /** Position of a content of {@code category} viewable at {@code atSec} in the window's session, or -1. */
    int pick(int category, long atSec, Window window, SplittableRandom r) {
        Category c = categories[category];
        int published = window.published(category);
        if (published == 0) {
            return -1;
        }
        int position = -1;
        if (Rng.chance(r, 0.35)) {
            int from = window.freshFrom(category);
            if (from < published) {
                position = from + r.nextInt(published - from);
            }
        }
        if (position < 0) {
            for (int attempt = 0; attempt < 6; attempt++) {
                position = r.nextInt(published);
                double q = c.quality[position];
                if (Rng.chance(r, q * q)) {
                    break;
                }
            }
        }
        return c.archive[position] <= atSec ? -1 : position;
    }

    long contentId(int category, int position) {
        return categories[category].id[position];
    }

    int contentType(int category, int position) {
        return categories[category].type[position];
    }

    double quality(int category, int position) {
        return categories[category].quality[position];
    }

    private static final class Category {
        int size;
        long[] publish = new long[64];
        long[] archive = new long[64];
        long[] id = new long[64];
        float[] quality = new float[64];
        byte[] type = new byte[64];

        void add(long contentId, int contentType, long publishSec, long archiveSec, double q) {
            if (size == id.length) {
                int n = size * 2;
                publish = Arrays.copyOf(publish, n);
                archive = Arrays.copyOf(archive, n);
                id = Arrays.copyOf(id, n);
                quality = Arrays.copyOf(quality, n);
                type = Arrays.copyOf(type, n);
            }
            publish[size] = publishSec;
            archive[size] = archiveSec == Row.NULL_TIME ? Long.MAX_VALUE : archiveSec;
            id[size] = contentId;
            quality[size] = (float) q;
            type[size] = (byte) contentType;
            size++;
        }

        /**
         * Sorts by (publication time, insertion order). Contents are added in id order, so ties keep
         * id order; the key packs epoch seconds (below 2^32) and the position (below 2^31).
         */
        void sort() {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = (publish[i] << 31) | i;
            }
            Arrays.sort(keys);
            long[] p = new long[size];
            long[] ar = new long[size];
            long[] ids = new long[size];
            float[] q = new float[size];
            byte[] t = new byte[size];
            for (int i = 0; i < size; i++) {
                int j = (int) (keys[i] & 0x7FFF_FFFFL);
                p[i] = publish[j];
                ar[i] = archive[j];
                ids[i] = id[j];
                q[i] = quality[j];
                t[i] = type[j];
            }
            publish = p;
            archive = ar;
            id = ids;
            quality = q;
            type = t;
        }

        /**
         * Number of contents published strictly before {@code sec}, knowing it is at least
         * {@code hint}: gallops forward from the hint, then binary-searches.
         */
        int countPublishedBefore(long sec, int hint) {
            int lo = Math.min(hint, size);
            int step = 1;
            int hi = lo;
            while (hi < size && publish[hi] < sec) {
                lo = hi + 1;
                hi = Math.min(size, lo + step);
                step <<= 1;
            }
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (publish[mid] < sec) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
