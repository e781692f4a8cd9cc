package org.archlab.inference.server.chat;

import org.archlab.inference.tokenizer.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Turns a conversation into prompt text: with the model's own chat template (from its GGUF metadata or
 * tokenizer_config.json) where it has one and it renders, with {@link ChatMl} otherwise. Which one was used is
 * returned, logged and sent back in a response header.
 */
@Component
public class ChatTemplates {

    private static final Logger log = LoggerFactory.getLogger(ChatTemplates.class);

    public RenderedChat render(Tokenizer tokenizer, List<ChatMessage> messages) {
        String bos = tokenizer.bos().isPresent() ? tokenizer.tokenText(tokenizer.bos().getAsInt()) : null;
        String eos = tokenizer.eos().isPresent() ? tokenizer.tokenText(tokenizer.eos().getAsInt()) : null;
        return render(tokenizer.chatTemplate().orElse(null), bos, eos, messages);
    }

    /**
     * @param template the model's Jinja template; null when it has none
     * @param bos      the text of the BOS token, for templates that write it; null when there is none
     */
    public RenderedChat render(String template, String bos, String eos, List<ChatMessage> messages) {
        if (template == null || template.isBlank()) {
            return new RenderedChat(ChatMl.render(messages), "default", "the model has no chat template");
        }
        try {
            return new RenderedChat(JinjaTemplate.render(template, messages, bos, eos), "model", null);
        } catch (JinjaTemplate.Failure e) {
            log.warn("the model's chat template did not render ({}); using the default ChatML format", e.getMessage());
            return new RenderedChat(ChatMl.render(messages), "default", "the model's chat template did not render: " + e.getMessage());
        }
    }
}
