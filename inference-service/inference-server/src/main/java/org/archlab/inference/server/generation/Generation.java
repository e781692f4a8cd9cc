package org.archlab.inference.server.generation;

import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.measurement.NanoClock;
import org.archlab.inference.measurement.TokenTimeline;
import org.archlab.inference.model.StepRow;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.tokenizer.TextStream;
import org.archlab.inference.tokenizer.Tokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One prompt's sequence in its model's decode batch ({@link ModelBatch}): its prompt goes in as chunks of rows, then
 * one row per step; from each step's logits it samples its next token until max_tokens, an end-of-generation token or
 * a stop string, releasing text to a sink as it becomes final. Logprobs are read off the raw logits before sampling.
 * Its KV caches and recurrent states are its own ({@link ContextMemory}), so it decodes exactly as it would alone.
 * Only the batch's thread calls it, except {@link #cancel} and {@link #result}.
 */
final class Generation {

    private final LoadedModel model;
    private final int[] prompt;
    private final GenerationSettings settings;
    private final TextSink sink;
    private final GenerationMetrics metrics;
    private final ContextMemory memory;
    private final StopStrings stops;
    private final Sampler sampler;
    private final TextStream stream;
    private final boolean withPromptLogprobs;
    private final StringBuilder text = new StringBuilder();
    private final List<TokenLogprob> unreleased = new ArrayList<>();
    private final List<TokenLogprob> promptLogprobs = new ArrayList<>();
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private final List<Integer> tokens = new ArrayList<>();
    private final CompletableFuture<Generated> result = new CompletableFuture<>();
    /** Starts when the generation holds its seat: time to first token includes the wait for the batch to take its prompt. */
    private final TokenTimeline timeline;
    private volatile boolean cancelled;
    private int released;
    /** Prompt tokens already in the memory. */
    private int prefilled;
    /** The token to feed next and its position, once the prompt is in. */
    private int next;
    private int position;

    Generation(LoadedModel model, int[] prompt, GenerationSettings settings, TextSink sink, GenerationMetrics metrics,
               ContextMemory memory) {
        this.model = model;
        this.prompt = prompt;
        this.settings = settings;
        this.sink = sink;
        this.metrics = metrics;
        this.memory = memory;
        this.timeline = new TokenTimeline(NanoClock.system(), prompt.length, 1);
        timeline.prefillStarts();
        this.stops = new StopStrings(settings.stop());
        this.sampler = new Sampler(settings.sampling());
        this.stream = new TextStream(model.tokenizer());
        this.withPromptLogprobs = settings.promptLogprobs() && settings.logprobs();
        metrics.promptTokens(model.id(), prompt.length);
        if (withPromptLogprobs) {
            promptLogprobs.add(new TokenLogprob(prompt[0], null, List.of()));
        }
    }

    /** Completes with what was generated, or with the reason it stopped ({@link GenerationCancelled} among them). */
    CompletableFuture<Generated> result() {
        return result;
    }

    /** The client went away: the batch drops this sequence before its next step. */
    void cancel() {
        cancelled = true;
    }

    /** Whether it is over (done, failed or cancelled); a cancelled one is failed here, with how far it got. */
    boolean over() {
        if (cancelled && !result.isDone()) {
            fail(new GenerationCancelled("the client of " + model.id() + " went away after " + tokens.size()
                    + " of at most " + settings.maxTokens() + " tokens", null));
        }
        return result.isDone();
    }

    /** Adds its rows for the next step (a prompt chunk of at most {@code chunk} rows, or one decode row); returns how many. */
    int addRows(List<StepRow> rows, int chunk) {
        if (prefilled < prompt.length) {
            int count = Math.min(chunk, prompt.length - prefilled);
            for (int i = 0; i < count; i++) {
                int p = prefilled + i;
                rows.add(new StepRow(memory, prompt[p], p, withPromptLogprobs || p == prompt.length - 1));
            }
            return count;
        }
        rows.add(StepRow.decode(memory, next, position));
        return 1;
    }

    /** Takes the logits of the rows it added ({@code count} of them from {@code from}) and moves on; never throws. */
    void accept(float[][] logits, int from, int count) {
        try {
            if (prefilled < prompt.length) {
                acceptPrompt(logits, from, count);
            } else {
                position++;
                sample(logits[from]);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    void fail(Throwable e) {
        result.completeExceptionally(e);
    }

    private void acceptPrompt(float[][] logits, int from, int count) {
        for (int i = 0; i < count; i++) {
            int p = prefilled + i;
            if (withPromptLogprobs && p + 1 < prompt.length) {
                promptLogprobs.add(new LogProbabilities(logits[from + i]).describe(prompt[p + 1], settings.topLogprobs()));
            }
        }
        prefilled += count;
        if (prefilled == prompt.length) {
            position = prompt.length;
            if (settings.maxTokens() == 0) {
                finish(Generated.FinishReason.LENGTH);
            } else {
                sample(logits[from + count - 1]);
            }
        }
    }

    /** Samples the next token from {@code logits}; finishes when it ends the generation. */
    private void sample(float[] logits) {
        String id = model.id();
        // No copy: with no tokens to penalise the sampler only reads the logits.
        LogProbabilities probabilities = settings.logprobs() ? new LogProbabilities(logits) : null;
        int token = sampler.sample(logits, List.of());
        if (tokens.isEmpty()) {
            metrics.timeToFirstToken(id, timeline.firstToken());
        } else {
            metrics.interTokenLatency(id, timeline.token());
        }
        tokens.add(token);
        metrics.token(id);
        if (probabilities != null) {
            TokenLogprob logprob = probabilities.describe(token, settings.topLogprobs());
            logprobs.add(logprob);
            unreleased.add(logprob);
        }
        Tokenizer tokenizer = model.tokenizer();
        if (tokenizer.isEndOfGeneration(token) || append(stream.append(token))) {
            finish(Generated.FinishReason.STOP);
        } else if (tokens.size() == settings.maxTokens()) {
            finish(Generated.FinishReason.LENGTH);
        } else {
            next = token;
        }
    }

    private void finish(Generated.FinishReason reason) {
        Generated.FinishReason finish = reason;
        if (finish == Generated.FinishReason.LENGTH && append(stream.finish())) {
            finish = Generated.FinishReason.STOP;
        }
        release(text.length());
        if (timeline.decodedTokens() > 0) {
            metrics.decodeSpeed(model.id(), timeline.decodeTokensPerSecond());
        }
        result.complete(new Generated(List.copyOf(tokens), text.toString(), finish,
                withPromptLogprobs ? List.copyOf(promptLogprobs) : List.of(), List.copyOf(logprobs)));
    }

    /** Adds generated text; true when it completed a stop string (the text is then cut before it). */
    private boolean append(String piece) {
        int before = text.length();
        text.append(piece);
        if (stops.isEmpty()) {
            release(text.length());
            return false;
        }
        String all = text.toString();
        int stop = stops.find(all, before);
        if (stop >= 0) {
            text.setLength(stop);
            release(stop);
            return true;
        }
        release(text.length() - stops.undecided(all));
        return false;
    }

    private void release(int upTo) {
        if (upTo <= released && unreleased.isEmpty()) {
            return;
        }
        String chunk = text.substring(released, Math.max(released, upTo));
        if (chunk.isEmpty() && !settings.logprobs()) {
            return;
        }
        try {
            sink.accept(chunk, List.copyOf(unreleased));
        } catch (IOException e) {
            throw new GenerationCancelled("the client went away: " + e.getMessage(), e);
        }
        unreleased.clear();
        released = Math.max(released, upTo);
    }
}
