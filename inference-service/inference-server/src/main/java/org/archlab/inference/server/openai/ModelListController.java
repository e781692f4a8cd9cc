package org.archlab.inference.server.openai;

import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelSource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code GET /v1/models}: the registered checkpoints and the loaded random-weight models. Any registry architecture
 * can be named too (they are not listed: the registry has the catalog).
 */
@RestController
class ModelListController {

    private final ModelCatalog catalog;
    private final Backend backend;

    ModelListController(ModelCatalog catalog, KernelBackends backends) {
        this.catalog = catalog;
        this.backend = new Backend(backends.backend(), backends.device(), backends.passedOver());
    }

    /** Beside OpenAI's fields: the kernel backend every model here runs on, and what {@code auto} passed over. */
    record ModelList(String object, List<Model> data, Backend backend) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Backend(String name, String device, List<String> passedOver) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Model(String id, String object, long created, String ownedBy) {
    }

    @GetMapping("/v1/models")
    ModelList models() {
        var models = new LinkedHashMap<String, Model>();
        catalog.checkpoints().forEach(c -> models.put(c.id(), new Model(c.id(), "model", c.registeredAt().getEpochSecond(), "archlab")));
        catalog.loaded().stream().map(m -> m.source()).map(ModelSource::id)
                .forEach(id -> models.putIfAbsent(id, new Model(id, "model", 0, "archlab")));
        return new ModelList("list", new ArrayList<>(models.values()), backend);
    }
}
