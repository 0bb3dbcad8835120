package io.crosshost.container;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting, for reproducers a person pastes into a terminal. */
public final class ShellQuote {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
