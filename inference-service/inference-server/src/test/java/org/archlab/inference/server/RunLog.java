package org.archlab.inference.server;

import org.archlab.inference.server.runs.RunFinished;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every finished run with the times it held the device, so tests can see that runs never overlap. */
@TestComponent
public class RunLog {

    private final List<RunFinished> finished = new CopyOnWriteArrayList<>();

    @EventListener
    void record(RunFinished run) {
        finished.add(run);
    }

    public List<RunFinished> finished() {
        return List.copyOf(finished);
    }
}
