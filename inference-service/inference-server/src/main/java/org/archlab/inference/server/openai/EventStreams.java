package org.archlab.inference.server.openai;

import jakarta.annotation.PreDestroy;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.generation.GenerationCancelled;
import org.archlab.inference.server.generation.Reservation;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs streamed generations on threads of their own, one per device slot (a stream holds its slot before it
 * starts, so the pool never queues), and releases each stream's reservation however the stream ends.
 */
@Component
class EventStreams {

    /** Longest a stream may stay open; max_tokens bounds a generation long before this on any real model. */
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final JsonMapper json;
    private final ExecutorService threads;

    EventStreams(JsonMapper json, InferenceProperties properties) {
        this.json = json;
        var count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(properties.limits().maxGenerations(),
                r -> Thread.ofPlatform().daemon().name("archlab-stream-" + count.incrementAndGet()).unstarted(r));
    }

    /** What a stream does with its events; {@link IOException} means the client went away. */
    @FunctionalInterface
    interface Work {
        void run(EventStream stream) throws IOException;
    }

    /** Starts the stream; the reservation is released when it ends, is cancelled or fails. */
    ResponseEntity<ResponseBodyEmitter> start(Reservation reservation, Work work, String headerName, String headerValue) {
        var emitter = new ResponseBodyEmitter(TIMEOUT.toMillis());
        var stream = new EventStream(emitter, json);
        // Only this thread releases the reservation: the model's turn must outlast the generation using it.
        threads.execute(() -> {
            try (reservation) {
                work.run(stream);
            } catch (IOException | GenerationCancelled e) {
                // The client is gone and the container knows it: it ends the response; writing or completing would fail.
                log.info("stream of {} abandoned (client closed the connection): {}", reservation.model().id(), e.getMessage());
            } catch (RuntimeException e) {
                ApiProblem problem = Problems.of(e);
                if (Problems.isUnexpected(e, problem)) {
                    log.error("stream of {} failed", reservation.model().id(), e);
                }
                stream.fail(OpenAiErrors.body(problem));
            }
        });
        var response = ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
        if (headerName != null) {
            response.header(headerName, headerValue);
        }
        return response.body(emitter);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
