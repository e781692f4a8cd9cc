package org.archlab.inference.server.chat;

import org.archlab.testsupport.TestData;
import org.archlab.inference.Fixtures;
import org.archlab.inference.server.models.ByteTokenizer;
import org.archlab.inference.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real chat templates render as Hugging Face transformers renders them (the expected strings are jinja2's output
 * with transformers' settings for the same messages); anything else falls back to ChatML and says so.
 */
class ChatTemplatesTest {

    private static final List<ChatMessage> CONVERSATION = List.of(new ChatMessage("system", "You are terse."),
            new ChatMessage("user", "Hi there"), new ChatMessage("assistant", "Hello."), new ChatMessage("user", "Count to 3"));

    private final ChatTemplates templates = new ChatTemplates();

    @Test
    void qwen3s_template_renders_as_transformers_renders_it() {
        RenderedChat chat = templates.render(Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer("qwen3")), CONVERSATION);

        assertThat(chat.template()).isEqualTo("model");
        assertThat(chat.text()).isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
                + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nCount to 3<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwen3s_reasoning_and_tool_branches_use_python_string_methods_and_render_as_transformers_renders_them() {
        var conversation = List.of(new ChatMessage("user", "Why?"), new ChatMessage("assistant", "<think>\nBecause.\n</think>\n\nIt is so."),
                new ChatMessage("user", "<tool_response>42</tool_response>"));

        RenderedChat chat = templates.render(Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer("qwen3")), conversation);

        assertThat(chat.template()).isEqualTo("model");
        assertThat(chat.text()).isEqualTo("<|im_start|>user\nWhy?<|im_end|>\n<|im_start|>assistant\n<think>\nBecause.\n</think>\n\n"
                + "It is so.<|im_end|>\n<|im_start|>user\n<tool_response>42</tool_response><|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void llama3s_template_renders_as_transformers_renders_it_with_its_bos() {
        RenderedChat chat = templates.render(Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer("llama3")), CONVERSATION);

        assertThat(chat.template()).isEqualTo("model");
        assertThat(chat.text()).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
                + "Hello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nCount to 3<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void a_model_without_a_template_gets_chatml() {
        RenderedChat chat = templates.render(new ByteTokenizer(512), List.of(new ChatMessage("user", "Hi")));

        assertThat(chat.template()).isEqualTo("default");
        assertThat(chat.text()).isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void a_template_that_refuses_the_conversation_falls_back_to_chatml_and_says_why() {
        RenderedChat chat = templates.render("{{ raise_exception('system messages are not supported') }}", null, null,
                List.of(new ChatMessage("user", "Hi")));

        assertThat(chat.template()).isEqualTo("default");
        assertThat(chat.reason()).contains("system messages are not supported");
        assertThat(chat.text()).startsWith("<|im_start|>user\nHi");
    }
}
