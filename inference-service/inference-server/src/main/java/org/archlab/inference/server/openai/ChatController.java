package org.archlab.inference.server.openai;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.clients.Caller;
import org.archlab.inference.server.clients.ClientConnections;
import org.archlab.inference.server.chat.ChatMessage;
import org.archlab.inference.server.chat.ChatTemplates;
import org.archlab.inference.server.chat.RenderedChat;
import org.archlab.inference.server.generation.Generated;
import org.archlab.inference.server.generation.GenerationSettings;
import org.archlab.inference.server.generation.Generations;
import org.archlab.inference.server.generation.Reservation;
import org.archlab.inference.server.generation.TextSink;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.problems.ApiProblem;
import org.archlab.inference.tokenizer.Tokenizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/chat/completions}: the conversation is rendered with the model's chat template (or the default,
 * see {@link ChatTemplates}), tokenized and continued. The {@value #TEMPLATE_HEADER} header says which template was used.
 */
@RestController
class ChatController {

    static final String TEMPLATE_HEADER = "X-ArchLab-Chat-Template";
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private final ModelCatalog catalog;
    private final Generations generations;
    private final EventStreams streams;
    private final ChatTemplates templates;
    private final InferenceProperties.Limits limits;

    ChatController(ModelCatalog catalog, Generations generations, EventStreams streams, ChatTemplates templates,
                   InferenceProperties properties) {
        this.catalog = catalog;
        this.generations = generations;
        this.streams = streams;
        this.templates = templates;
        this.limits = properties.limits();
    }

    /** The conversation as rendered and tokenized for the model, and how much to generate. */
    private record Job(RenderedChat chat, int[] prompt, GenerationSettings settings) {
    }

    @PostMapping("/v1/chat/completions")
    ResponseEntity<?> chat(@RequestBody ChatRequest request, HttpServletRequest http) {
        UnactedFields.CHAT.check(request.others());
        GenerationParameters.requireSingleChoice(request.n());
        var sampling = GenerationParameters.sampling(request.temperature(), request.topP(), request.seed());
        var stop = GenerationParameters.stop(request.stop());
        int top = Boolean.TRUE.equals(request.logprobs()) ? GenerationParameters.topLogprobs(request.topLogprobs(), "top_logprobs") : -1;
        List<ChatMessage> messages = messages(request.messages());
        ModelLease lease = catalog.acquire(catalog.resolve(request.model(), "model"));
        var reserved = generations.reserve(lease, Caller.of(http).name(), model -> {
            RenderedChat chat = templates.render(model.tokenizer(), messages);
            int[] ids = tokenize(chat.text(), model.tokenizer());
            String field = request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
            int maxTokens = GenerationParameters.maxTokens(request.requestedMaxTokens(), field, "messages", ids.length, model.context(),
                    limits.maxTokens(), -1);
            GenerationParameters.requireWorkWithin(limits.maxRequestWork(), 1, ids.length, maxTokens, "messages", field);
            return new Job(chat, ids, new GenerationSettings(maxTokens, sampling, stop, top, false));
        });
        Reservation reservation = reserved.reservation();
        RenderedChat rendered = reserved.work().chat();
        int[] prompt = reserved.work().prompt();
        GenerationSettings settings = reserved.work().settings();
        var header = ChatResponse.Header.of(reservation.model().id());
        if (request.streaming()) {
            return streams.start(reservation, stream -> stream(reservation, prompt, settings, header, request.usageInStream(), stream),
                    TEMPLATE_HEADER, rendered.template());
        }
        try (reservation) {
            // Nothing is written until the answer is whole, so only the connection itself tells that the client has gone.
            Generated generated = generations.generate(reservation, prompt, settings, TextSink.NONE, ClientConnections.closed(http));
            var logprobs = top >= 0 ? LogprobFormats.chat(generated.logprobs(), reservation.model().tokenizer()) : null;
            var choice = new ChatResponse.Choice(0, new ChatResponse.Message("assistant", generated.text(), null), logprobs,
                    generated.finish().wire());
            var response = new ChatResponse(header.id(), "chat.completion", header.created(), header.model(), List.of(choice),
                    Usage.of(prompt.length, generated.tokens().size()));
            return ResponseEntity.ok().header(TEMPLATE_HEADER, rendered.template()).body(response);
        }
    }

    private void stream(Reservation reservation, int[] prompt, GenerationSettings settings, ChatResponse.Header header,
                        boolean withUsage, EventStream stream) throws IOException {
        Tokenizer tokenizer = reservation.model().tokenizer();
        stream.send(header.chunk(new ChatResponse.ChunkChoice(0, new ChatResponse.Delta("assistant", ""), null, null)));
        Generated generated = generations.generate(reservation, prompt, settings, (text, logprobs) -> stream.send(header.chunk(
                new ChatResponse.ChunkChoice(0, new ChatResponse.Delta(null, text),
                        settings.topLogprobs() >= 0 ? LogprobFormats.chat(logprobs, tokenizer) : null, null))), stream::cancelled);
        stream.send(header.chunk(new ChatResponse.ChunkChoice(0, new ChatResponse.Delta(null, null), null, generated.finish().wire())));
        if (withUsage) {
            stream.send(header.usage(Usage.of(prompt.length, generated.tokens().size())));
        }
        stream.done();
    }

    /** The template's BOS is the prompt's BOS: the tokenizer adds one only when the rendered text does not start with it. */
    static int[] tokenize(String text, Tokenizer tokenizer) {
        boolean templateHasBos = tokenizer.bos().isPresent() && text.startsWith(tokenizer.tokenText(tokenizer.bos().getAsInt()));
        try {
            return tokenizer.encode(text, tokenizer.addsBos() && !templateHasBos, true);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "messages", e.getMessage());
        }
    }

    static List<ChatMessage> messages(List<ChatRequest.Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "messages", "must hold at least one message");
        }
        var out = new ArrayList<ChatMessage>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatRequest.Message m = messages.get(i);
            if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "messages[" + i + "].role", "must be one of " + ROLES);
            }
            out.add(new ChatMessage(m.role(), content(m.content(), "messages[" + i + "].content")));
        }
        return out;
    }

    /** A string, or content parts of which the text parts are joined; images and audio are refused. */
    private static String content(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        if (!content.isArray()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be a string or a list of content parts");
        }
        var text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asString(""))) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "only text content parts are supported");
            }
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }
}
