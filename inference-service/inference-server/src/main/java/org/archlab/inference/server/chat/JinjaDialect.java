package org.archlab.inference.server.chat;

import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * Rewrites the few constructs of Hugging Face's Jinja2 (Python) that Jinjava parses differently, before rendering:
 * a reversing slice {@code xs[::-1]} becomes {@code xs|reverse}, and keyword arguments of {@code namespace(...)}
 * are parenthesised, since Jinjava cannot read a filter followed by an operator there
 * ({@code namespace(last=messages|length - 1)}). Everything else is left as written.
 */
final class JinjaDialect {

    private static final Pattern REVERSED = Pattern.compile("\\[\\s*:\\s*:\\s*-1\\s*\\]");
    private static final Pattern KEYWORD = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)(.*)", Pattern.DOTALL);

    private JinjaDialect() {
    }

    static String toJinjava(String template) {
        return parenthesiseNamespaceArguments(REVERSED.matcher(template).replaceAll("|reverse"));
    }

    private static String parenthesiseNamespaceArguments(String template) {
        var out = new StringBuilder();
        int from = 0;
        for (int at = template.indexOf("namespace("); at >= 0; at = template.indexOf("namespace(", from)) {
            int open = at + "namespace(".length();
            int close = closing(template, open);
            if (close < 0) {
                break;
            }
            out.append(template, from, open);
            String[] arguments = topLevelArguments(template.substring(open, close));
            for (int i = 0; i < arguments.length; i++) {
                var keyword = KEYWORD.matcher(arguments[i]);
                out.append(i > 0 ? "," : "").append(keyword.matches()
                        ? keyword.group(1) + "=(" + keyword.group(2).strip() + ")" : arguments[i]);
            }
            out.append(')');
            from = close + 1;
        }
        return out.append(template.substring(from)).toString();
    }

    /** Index of the parenthesis closing the one before {@code from}, skipping quoted text; −1 if none. */
    private static int closing(String text, int from) {
        int depth = 1;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote && text.charAt(i - 1) != '\\' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits an argument list on the commas outside brackets and quotes. */
    private static String[] topLevelArguments(String arguments) {
        var parts = new ArrayList<String>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quote != 0) {
                quote = c == quote && arguments.charAt(i - 1) != '\\' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(arguments.substring(start));
        return parts.toArray(String[]::new);
    }
}
