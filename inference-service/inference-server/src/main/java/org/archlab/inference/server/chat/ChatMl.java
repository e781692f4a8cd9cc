package org.archlab.inference.server.chat;

import java.util.List;

/**
 * The default chat format, ChatML (as Qwen and many others use it): each turn is
 * {@code <|im_start|>role\ncontent<|im_end|>\n}, and the prompt ends with {@code <|im_start|>assistant\n}.
 * For a vocabulary without these markers they are plain text, which is still an unambiguous transcript.
 */
final class ChatMl {

    private ChatMl() {
    }

    static String render(List<ChatMessage> messages) {
        var text = new StringBuilder();
        for (ChatMessage message : messages) {
            text.append("<|im_start|>").append(message.role()).append('\n').append(message.content()).append("<|im_end|>\n");
        }
        return text.append("<|im_start|>assistant\n").toString();
    }
}
