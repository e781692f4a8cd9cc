package org.archlab.inference.server.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.javax.el.CompositeELResolver;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a Hugging Face / GGUF chat template with Jinjava, configured as transformers renders them
 * ({@code trim_blocks}, {@code lstrip_blocks}), with the helpers templates call ({@code raise_exception},
 * {@code strftime_now}), Python's string methods ({@link PythonStringMethods}) and the rewrites of
 * {@link JinjaDialect}. Rendering errors are failures, never half-rendered prompts.
 */
final class JinjaTemplate {

    private static final Jinjava JINJAVA = jinjava();

    private JinjaTemplate() {
    }

    /** A template that cannot render these messages. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    static String render(String template, List<ChatMessage> messages, String bosToken, String eosToken) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", messages.stream().map(m -> Map.of("role", m.role(), "content", m.content())).toList());
        bindings.put("add_generation_prompt", true);
        bindings.put("bos_token", bosToken == null ? "" : bosToken);
        bindings.put("eos_token", eosToken == null ? "" : eosToken);
        RenderResult result;
        try {
            result = JINJAVA.renderForResult(JinjaDialect.toJinjava(template), bindings);
        } catch (RuntimeException e) {
            throw new Failure(e.getMessage());
        }
        List<TemplateError> fatal = result.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            throw new Failure(fatal.stream().map(JinjaTemplate::reason).collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /** The template's own message when it refused ({@code raise_exception}), else Jinjava's. */
    private static String reason(TemplateError error) {
        for (Throwable t = error.getException(); t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof Failure refusal) {
                return refusal.getMessage();
            }
        }
        return error.getMessage();
    }

    /** For templates: {@code raise_exception('...')} aborts rendering with the template's own message. */
    public static String raiseException(String message) {
        throw new Failure("the template refused the conversation: " + message);
    }

    /** For templates: Python's {@code strftime} of the current time, for the specifiers templates use. */
    public static String strftimeNow(String format) {
        var now = LocalDateTime.now();
        var out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char spec = format.charAt(++i);
            out.append(switch (spec) {
                case 'd' -> String.format("%02d", now.getDayOfMonth());
                case 'm' -> String.format("%02d", now.getMonthValue());
                case 'Y' -> Integer.toString(now.getYear());
                case 'y' -> String.format("%02d", now.getYear() % 100);
                case 'b' -> now.format(DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH));
                case 'B' -> now.format(DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH));
                case 'a' -> now.format(DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH));
                case 'A' -> now.format(DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH));
                case 'H' -> String.format("%02d", now.getHour());
                case 'M' -> String.format("%02d", now.getMinute());
                case 'S' -> String.format("%02d", now.getSecond());
                case '%' -> "%";
                default -> "%" + spec;
            });
        }
        return out.toString();
    }

    private static Jinjava jinjava() {
        var resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        // Jinja2's behaviour where Jinjava's default differs: {{- ... -}} trims, and operators bind as in Python.
        var jinja2 = LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true).withUseNaturalOperatorPrecedence(true)
                .withParseWhitespaceControlStrictly(true).build();
        var jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).withElResolver(resolver)
                .withLegacyOverrides(jinja2).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaTemplate.class,
                "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaTemplate.class,
                "strftimeNow", String.class));
        return jinjava;
    }
}
