package dev.datavision.raw;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * All contents published before as_of, per category, sorted by publication time: the catalogue the
 * interaction pass picks from. Primitive arrays keep it at about 20 bytes per content, so millions of
 * contents fit comfortably in memory.
 *
 * <p>A pick is either <em>fresh</em> (35%: uniform among the category's contents published in the
 * last 14 days) or <em>popular</em> (uniform candidates accepted with probability quality², up to
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

    /** Position of a content of {@code category} viewable at {@code atSec}, or -1. */
    int pick(int category, long atSec, SplittableRandom r) {
        Category c = categories[category];
        int published = c.countPublishedBefore(atSec);
        if (published == 0) {
            return -1;
        }
        int position = -1;
        if (Rng.chance(r, 0.35)) {
            int from = c.countPublishedBefore(atSec - FRESH_SECONDS);
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

        /** Number of contents published strictly before {@code sec}. */
        int countPublishedBefore(long sec) {
            int lo = 0;
            int hi = size;
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
