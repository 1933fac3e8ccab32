package dev.kiln.hubspot;

import java.util.List;
import java.util.Map;

/**
 * Where an access token came from, for messages that must say which variable to fix without
 * ever showing the token: the environment variables whose value is the token.
 */
final class TokenSource {

    private TokenSource() {
    }

    /** The names of environment variables holding exactly {@code token}, sorted. */
    static List<String> variablesHolding(String token) {
        if (token == null || token.isEmpty()) {
            return List.of();
        }
        return System.getenv().entrySet().stream().filter(e -> token.equals(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** {@code text} with every occurrence of {@code token} replaced by {@code ***}. */
    static String redact(String text, String token) {
        if (text == null || token == null || token.length() < 4) {
            return text;
        }
        return text.replace(token, "***");
    }
}
