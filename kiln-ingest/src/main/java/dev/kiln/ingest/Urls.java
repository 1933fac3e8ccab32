package dev.kiln.ingest;

import java.util.regex.Pattern;

/** Removes credentials from URLs and messages before they are shown. */
final class Urls {

    private static final Pattern USERINFO = Pattern.compile("(//)[^/@\\s]+@");
    private static final Pattern PARAMS = Pattern.compile("(?i)([?&;](?:password|pwd|user|username|token|access_token|api_key|apikey|key|secret)=)[^&;\\s]*");

    private Urls() {
    }

    /** {@code text} with user info ({@code user:pass@}) and credential parameters replaced by {@code ***}. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        return PARAMS.matcher(USERINFO.matcher(text).replaceAll("$1***@")).replaceAll("$1***");
    }
}
