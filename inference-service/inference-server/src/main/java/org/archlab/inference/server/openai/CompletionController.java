package org.archlab.inference.server.openai;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.clients.Caller;
import org.archlab.inference.server.clients.ClientConnections;
import org.archlab.inference.server.generation.Generated;
import org.archlab.inference.server.generation.GenerationSettings;
import org.archlab.inference.server.generation.Generations;
import org.archlab.inference.server.generation.Reservation;
import org.archlab.inference.server.generation.TextSink;
import org.archlab.inference.server.generation.TokenLogprob;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.inference.tokenizer.TextStream;
import org.archlab.inference.tokenizer.Tokenizer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/completions}: text (or token ids) in, text out, optionally streamed, with legacy logprobs and
 * {@code echo} — the prompt tokens' own logprobs, which lm-evaluation-harness's {@code local-completions} reads
 * for log-likelihood tasks (max_tokens 0 or 1).
 */
@RestController
class CompletionController {

    /** OpenAI's default for completions when max_tokens is absent. */
    private static final int DEFAULT_MAX_TOKENS = 16;

    private final ModelCatalog catalog;
    private final Generations generations;
    private final EventStreams streams;
    private final InferenceProperties.Limits limits;

    CompletionController(ModelCatalog catalog, Generations generations, EventStreams streams, InferenceProperties properties) {
        this.catalog = catalog;
        this.generations = generations;
        this.streams = streams;
        this.limits = properties.limits();
    }

    /** One prompt and how much to generate for it. */
    private record Job(int[] prompt, GenerationSettings settings) {
    }

    @PostMapping("/v1/completions")
    ResponseEntity<?> complete(@RequestBody CompletionRequest request, HttpServletRequest http) {
        UnactedFields.COMPLETIONS.check(request.others());
        GenerationParameters.requireSingleChoice(request.n());
        var sampling = GenerationParameters.sampling(request.temperature(), request.topP(), request.seed());
        var stop = GenerationParameters.stop(request.stop());
        int top = request.logprobs() == null ? -1 : GenerationParameters.topLogprobs(request.logprobs(), "logprobs");
        boolean echo = Boolean.TRUE.equals(request.echo());
        ModelLease lease = catalog.acquire(catalog.resolve(request.model(), "model"));
        var reserved = generations.reserve(lease, Caller.of(http).name(), model -> {
            List<Job> prepared = new ArrayList<>();
            long promptTokens = 0;
            long generatedTokens = 0;
            for (int[] prompt : Prompts.of(request.prompt(), model.tokenizer(), limits.maxPrompts())) {
                int maxTokens = GenerationParameters.maxTokens(request.maxTokens(), "max_tokens", "prompt", prompt.length, model.context(),
                        limits.maxTokens(), DEFAULT_MAX_TOKENS);
                prepared.add(new Job(prompt, new GenerationSettings(maxTokens, sampling, stop, top, echo)));
                promptTokens += prompt.length;
                generatedTokens += maxTokens;
            }
            GenerationParameters.requireWorkWithin(limits.maxRequestWork(), prepared.size(), promptTokens, generatedTokens, "prompt",
                    "max_tokens");
            return prepared;
        });
        Reservation reservation = reserved.reservation();
        List<Job> jobs = reserved.work();
        var header = CompletionResponse.Header.of(reservation.model().id());
        if (request.streaming()) {
            return streams.start(reservation, stream -> stream(reservation, jobs, header, echo, request.usageInStream(), stream),
                    null, null);
        }
        // Nothing is written until the answer is whole, so only the connection itself tells that the client has gone.
        var clientGone = ClientConnections.closed(http);
        try (reservation) {
            var choices = new ArrayList<CompletionResponse.Choice>();
            Usage usage = Usage.of(0, 0);
            for (Job job : jobs) {
                Generated generated = generations.generate(reservation, job.prompt(), job.settings(), TextSink.NONE, clientGone);
                choices.add(choice(choices.size(), job, generated, echo, reservation.model().tokenizer()));
                usage = usage.plus(Usage.of(job.prompt().length, generated.tokens().size()));
            }
            return ResponseEntity.ok(CompletionResponse.of(header, choices, usage));
        }
    }

    private static CompletionResponse.Choice choice(int index, Job job, Generated generated, boolean echo, Tokenizer tokenizer) {
        String prefix = echo ? echoText(tokenizer, job.prompt()) : "";
        LogprobFormats.Legacy logprobs = null;
        if (job.settings().topLogprobs() >= 0) {
            var entries = new ArrayList<TokenLogprob>(generated.promptLogprobs());
            entries.addAll(generated.logprobs());
            logprobs = LogprobFormats.legacy(entries, tokenizer, 0);
        }
        return new CompletionResponse.Choice(index, prefix + generated.text(), logprobs, generated.finish().wire());
    }

    private void stream(Reservation reservation, List<Job> jobs, CompletionResponse.Header header, boolean echo, boolean withUsage,
                        EventStream stream) throws IOException {
        Tokenizer tokenizer = reservation.model().tokenizer();
        Usage usage = Usage.of(0, 0);
        for (int index = 0; index < jobs.size(); index++) {
            Job job = jobs.get(index);
            int choice = index;
            if (echo) {
                stream.send(chunk(header, choice, echoText(tokenizer, job.prompt()), null, null));
            }
            int[] offset = {0};
            Generated generated = generations.generate(reservation, job.prompt(), job.settings(), (text, logprobs) -> {
                LogprobFormats.Legacy legacy = job.settings().topLogprobs() >= 0 ? LogprobFormats.legacy(logprobs, tokenizer, offset[0]) : null;
                offset[0] += text.length();
                stream.send(chunk(header, choice, text, legacy, null));
            }, stream::cancelled);
            stream.send(chunk(header, choice, "", null, generated.finish().wire()));
            usage = usage.plus(Usage.of(job.prompt().length, generated.tokens().size()));
        }
        if (withUsage) {
            stream.send(CompletionResponse.of(header, List.of(), usage));
        }
        stream.done();
    }

    private static CompletionResponse chunk(CompletionResponse.Header header, int index, String text, LogprobFormats.Legacy logprobs,
                                            String finish) {
        return CompletionResponse.of(header, List.of(new CompletionResponse.Choice(index, text, logprobs, finish)), null);
    }

    /** The prompt as text, built from its tokens' pieces so that text offsets line up with it. */
    static String echoText(Tokenizer tokenizer, int[] prompt) {
        var stream = new TextStream(tokenizer);
        var text = new StringBuilder();
        for (int id : prompt) {
            text.append(stream.append(id));
        }
        return text.append(stream.finish()).toString();
    }
}
