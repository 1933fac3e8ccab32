package dev.kiln.internal.util;

import dev.kiln.Node;
import dev.kiln.ResourceType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The sha256 checksums recorded in {@code manifest.json} and compared by {@code state:modified}. */
public final class Checksums {

    private Checksums() {
    }

    /** sha256 of a node's raw code; for a seed, of its CSV file's bytes. */
    public static String of(Node node, Path projectRoot) {
        if (node.resourceType() == ResourceType.SEED) {
            try {
                return sha256(Files.readAllBytes(projectRoot.resolve(node.origin().path())));
            } catch (IOException e) {
                return sha256(new byte[0]);
            }
        }
        return sha256(node.rawCode().getBytes(StandardCharsets.UTF_8));
    }

    /** Hex sha256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
