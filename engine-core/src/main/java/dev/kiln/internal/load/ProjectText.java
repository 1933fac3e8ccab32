package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourcePosition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a project file as UTF-8. Bytes that are not UTF-8 are an error at the line and column
 * of the first bad byte (columns count bytes there), and the text is returned with U+FFFD in
 * their place so that the rest of the file can still be checked.
 */
final class ProjectText {

    private ProjectText() {
    }

    /**
     * The text of {@code root/relative}; an {@code invalid-utf8} diagnostic is added when it is
     * not UTF-8. A file that cannot be read at all is a {@link KilnException} ({@code IO}).
     */
    static String read(Path root, String relative, List<Diagnostic> diagnostics) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(root.resolve(relative));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + relative + ": " + e.getMessage(), e);
        }
        return decode(bytes, Path.of(relative), diagnostics);
    }

    /** {@code bytes} as UTF-8; see {@link #read}. */
    static String decode(byte[] bytes, Path file, List<Diagnostic> diagnostics) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = strict.decode(in, out, true);
        if (!r.isError()) {
            strict.flush(out);
            return out.flip().toString();
        }
        int offset = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        diagnostics.add(Diagnostic.error("invalid-utf8", new SourcePosition(file, line, offset - lineStart + 1),
                String.format("Not UTF-8: byte 0x%02X at byte offset %d cannot be read.", bytes[offset] & 0xff, offset),
                "Project files must be UTF-8. Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)."));
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
