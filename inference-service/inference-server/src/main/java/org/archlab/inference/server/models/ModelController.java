package org.archlab.inference.server.models;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.inference.server.clients.Caller;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Model management: register checkpoints from the allowed directories, list, inspect and unload models. Where a
 * checkpoint lies on the server's disk is shown to admins only.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Registration: a name and a GGUF file or Hugging Face directory inside the allowed directories. */
    record Registration(String name, String path) {
    }

    /** Every registered checkpoint and every loaded model, with the memory budget they share. */
    record Models(List<ModelView> items, long memoryBudgetBytes, long memoryInUseBytes) {
    }

    @PostMapping
    ResponseEntity<ModelView> register(@RequestBody Registration registration) {
        if (registration == null) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "body", "is required");
        }
        Checkpoint checkpoint = catalog.register(registration.name(), registration.path());
        return ResponseEntity.created(URI.create("/api/v1/models/" + checkpoint.name())).body(view(checkpoint));
    }

    @GetMapping
    Models list(HttpServletRequest http) {
        boolean admin = Caller.of(http).admin();
        var items = new ArrayList<ModelView>();
        catalog.checkpoints().forEach(c -> items.add(shownTo(admin, view(c))));
        catalog.unreadable().stream().map(ModelView::of).map(v -> shownTo(admin, v)).forEach(items::add);
        catalog.loaded().stream().filter(m -> m.source() instanceof SeededArchitecture).map(ModelView::of).forEach(items::add);
        long inUse = catalog.loaded().stream().mapToLong(LoadedModel::memoryBytes).sum();
        return new Models(List.copyOf(items), catalog.budget(), inUse);
    }

    @GetMapping("/{name}")
    ModelView get(@PathVariable String name, HttpServletRequest http) {
        boolean admin = Caller.of(http).admin();
        return catalog.findCheckpoint(name).map(c -> shownTo(admin, view(c))).or(() -> catalog.loaded(name).stream().findFirst().map(ModelView::of))
                .or(() -> catalog.unreadable().stream().filter(u -> u.registration().name().equals(name)).findFirst()
                        .map(ModelView::of).map(v -> shownTo(admin, v)))
                .orElseThrow(() -> ApiProblem.field(HttpStatus.NOT_FOUND, "name", "no model named '" + name
                        + "' is registered or loaded", "model_not_found"));
    }

    /** Unregisters a checkpoint and unloads what the name stands for. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        if (!catalog.remove(name)) {
            throw ApiProblem.field(HttpStatus.NOT_FOUND, "name", "no model named '" + name + "' is registered or loaded",
                    "model_not_found");
        }
        return ResponseEntity.noContent().build();
    }

    private static ModelView shownTo(boolean admin, ModelView view) {
        return admin ? view : view.withoutPath();
    }

    private ModelView view(Checkpoint checkpoint) {
        LoadedModel model = catalog.loaded(checkpoint.name()).stream().findFirst().orElse(null);
        return ModelView.of(checkpoint, model, catalog.estimate(checkpoint, catalog.context(checkpoint.spec())));
    }
}
