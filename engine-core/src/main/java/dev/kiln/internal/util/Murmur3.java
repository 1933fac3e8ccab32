package dev.kiln.internal.util;

/**
 * MurmurHash3, x64 128-bit variant (Austin Appleby's public-domain algorithm), fed in pieces.
 * A fast, well-mixed fingerprint for cache keys, where a cryptographic digest is not needed:
 * under the launcher's C1-only JIT, SHA-256 runs without its intrinsic and cost most of a warm
 * analysis. Not for anything an adversary controls.
 */
public final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long h1;
    private long h2;
    private long length;
    private final byte[] tail = new byte[16];
    private int tailLength;

    /** Adds {@code len} bytes of {@code b} from {@code off}. */
    public void update(byte[] b, int off, int len) {
        length += len;
        int i = off;
        int end = off + len;
        if (tailLength > 0) { // complete the block left over from the last call
            while (tailLength < 16 && i < end) {
                tail[tailLength++] = b[i++];
            }
            if (tailLength < 16) {
                return;
            }
            block(getLong(tail, 0), getLong(tail, 8));
            tailLength = 0;
        }
        for (; i + 16 <= end; i += 16) {
            block(getLong(b, i), getLong(b, i + 8));
        }
        while (i < end) {
            tail[tailLength++] = b[i++];
        }
    }

    private void block(long k1, long k2) {
        h1 ^= Long.rotateLeft(k1 * C1, 31) * C2;
        h1 = Long.rotateLeft(h1, 27) + h2;
        h1 = h1 * 5 + 0x52dce729;
        h2 ^= Long.rotateLeft(k2 * C2, 33) * C1;
        h2 = Long.rotateLeft(h2, 31) + h1;
        h2 = h2 * 5 + 0x38495ab5;
    }

    /** The 16-byte hash of everything added. */
    public byte[] digest() {
        long k1 = 0;
        long k2 = 0;
        for (int i = tailLength - 1; i >= 8; i--) {
            k2 = (k2 << 8) | (tail[i] & 0xffL);
        }
        for (int i = Math.min(tailLength, 8) - 1; i >= 0; i--) {
            k1 = (k1 << 8) | (tail[i] & 0xffL);
        }
        if (tailLength > 8) {
            h2 ^= Long.rotateLeft(k2 * C2, 33) * C1;
        }
        if (tailLength > 0) {
            h1 ^= Long.rotateLeft(k1 * C1, 31) * C2;
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = mix(h1);
        h2 = mix(h2);
        h1 += h2;
        h2 += h1;
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h1 >>> (8 * i));
            out[8 + i] = (byte) (h2 >>> (8 * i));
        }
        return out;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long getLong(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }
}
