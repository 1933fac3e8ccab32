package dev.kiln.internal.util;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Murmur3Test {

    @Test
    void matchesTheReferenceHashWhateverThePiecesItIsFedIn() {
        Random random = new Random(42);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1000, 40_000}) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            Murmur3 h = new Murmur3();
            for (int off = 0; off < n; ) {
                int piece = Math.min(n - off, 1 + random.nextInt(40));
                h.update(data, off, piece);
                off += piece;
            }
            assertThat(h.digest()).as("%d bytes", n).isEqualTo(Hashing.murmur3_128().hashBytes(data).asBytes());
        }
    }

    @Test
    void knownValue() {
        Murmur3 h = new Murmur3();
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        h.update(fox, 0, fox.length);
        assertThat(java.util.HexFormat.of().formatHex(h.digest())).isEqualTo("6c1b07bc7bbc4be347939ac4a93c437a");
    }
}
