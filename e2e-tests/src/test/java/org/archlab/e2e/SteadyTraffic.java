package org.archlab.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One client reading a path through the gateway at a steady pace, as users keep doing while a service is down,
 * and what each of its reads was answered.
 */
final class SteadyTraffic implements AutoCloseable {

    /** One read: when it was answered, the status and, for a problem, its code. */
    record Answer(Instant at, int status, String code) {
    }

    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();

    SteadyTraffic(Gateway gateway, String path, Duration every) {
        reader.scheduleWithFixedDelay(() -> answers.add(read(gateway, path)), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Never throws: a task of a scheduled executor that throws is not run again. */
    private static Answer read(Gateway gateway, String path) {
        try {
            var response = gateway.get(path);
            var code = response.status() == 200 ? null : response.json().path("code");
            return new Answer(Instant.now(), response.status(), code != null && code.isString() ? code.stringValue() : null);
        } catch (RuntimeException e) {
            return new Answer(Instant.now(), 0, e.toString());
        }
    }

    int lastStatus() {
        return answers.isEmpty() ? 0 : answers.getLast().status();
    }

    boolean sawCircuitOpen() {
        return answers.stream().anyMatch(answer -> "circuit_open".equals(answer.code()));
    }

    /** When the first read after {@code since} was served; null while none was. */
    Instant firstSuccessAfter(Instant since) {
        return answers.stream().filter(answer -> answer.status() == 200 && answer.at().isAfter(since))
                .map(Answer::at).findFirst().orElse(null);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
