package org.archlab.inference.server.chat;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The Python string methods chat templates call ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}), which Jinja inherits from Python and Jinjava, being Java,
 * does not have. Only method calls on strings are answered here; everything else goes on to Jinjava's resolver.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (!(base instanceof String text) || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = switch (method.toString()) {
            case "startswith" -> args.length == 1 ? anyMatch(args[0], text::startsWith) : null;
            case "endswith" -> args.length == 1 ? anyMatch(args[0], text::endsWith) : null;
            case "strip" -> rstrip(lstrip(text, chars(args)), chars(args));
            case "lstrip" -> lstrip(text, chars(args));
            case "rstrip" -> rstrip(text, chars(args));
            case "split" -> split(text, args.length > 0 && args[0] != null ? args[0].toString() : null);
            case "upper" -> text.toUpperCase(Locale.ROOT);
            case "lower" -> text.toLowerCase(Locale.ROOT);
            case "replace" -> args.length == 2 ? text.replace(String.valueOf(args[0]), String.valueOf(args[1])) : null;
            default -> null;
        };
        if (result != null) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    /** Python's startswith/endswith take a string or a tuple of strings. */
    private static Boolean anyMatch(Object candidates, java.util.function.Predicate<String> test) {
        if (candidates instanceof Iterable<?> many) {
            for (Object candidate : many) {
                if (test.test(String.valueOf(candidate))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(String.valueOf(candidates));
    }

    /** The characters to strip; null means whitespace. */
    private static String chars(Object[] args) {
        return args.length > 0 && args[0] != null ? args[0].toString() : null;
    }

    private static boolean strips(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    private static String lstrip(String text, String chars) {
        int from = 0;
        while (from < text.length() && strips(text.charAt(from), chars)) {
            from++;
        }
        return text.substring(from);
    }

    private static String rstrip(String text, String chars) {
        int to = text.length();
        while (to > 0 && strips(text.charAt(to - 1), chars)) {
            to--;
        }
        return text.substring(0, to);
    }

    /** Python's split: on a literal separator, or on runs of whitespace (dropping empty parts) without one. */
    private static List<String> split(String text, String separator) {
        var parts = new ArrayList<String>();
        if (separator == null) {
            for (String part : text.strip().split("\\s+")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            return parts;
        }
        int from = 0;
        for (int at = text.indexOf(separator); at >= 0 && !separator.isEmpty(); at = text.indexOf(separator, from)) {
            parts.add(text.substring(from, at));
            from = at + separator.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // strings are immutable; nothing to set
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return Collections.emptyIterator();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
