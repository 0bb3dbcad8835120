package io.crosshost.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words a POSIX shell makes of one simple command: blanks separate words, '...' is literal, "..." and bare
 * words expand $NAME and ${NAME} (no field splitting: every variable in the Jenkinsfile is quoted), a backslash
 * escapes. Globs stay as they are. Anything that makes more than one simple command (; & | redirections, command
 * substitution, newlines) is refused: a Jenkinsfile step is one crosshost command.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String command, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (";&|<>()`\n".indexOf(c) >= 0) {
                throw new IllegalArgumentException("'" + c + "' at " + i + " makes more than one simple command: " + command);
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in " + command);
                }
                word.append(command, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= command.length()) {
                        throw new IllegalArgumentException("unterminated \" in " + command);
                    }
                    char d = command.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < command.length() && "$\"\\`".indexOf(command.charAt(i + 1)) >= 0) {
                        word.append(command.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = expand(command, i, env, word);
                    } else if (d == '`') {
                        throw new IllegalArgumentException("command substitution in " + command);
                    } else {
                        word.append(d);
                        i++;
                    }
                }
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expand(command, i, env, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Expands the variable at {@code at} (a '$') into {@code out}; returns the index after it. */
    private static int expand(String command, int at, Map<String, String> env, StringBuilder out) {
        int i = at + 1;
        String name;
        if (i < command.length() && command.charAt(i) == '{') {
            int end = command.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated ${ in " + command);
            }
            name = command.substring(i + 1, end);
            i = end + 1;
        } else if (i < command.length() && command.charAt(i) == '(') {
            throw new IllegalArgumentException("command substitution in " + command);
        } else {
            int start = i;
            while (i < command.length() && (Character.isLetterOrDigit(command.charAt(i)) || command.charAt(i) == '_')) {
                i++;
            }
            name = command.substring(start, i);
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'$" + name + "' is not a plain variable in " + command);
        }
        String value = env.get(name);
        if (value == null) {
            throw new IllegalArgumentException("$" + name + " is not set in " + env.keySet() + ": " + command);
        }
        out.append(value);
        return i;
    }
}
