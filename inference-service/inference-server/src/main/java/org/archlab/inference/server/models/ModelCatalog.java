package org.archlab.inference.server.models;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.archlab.inference.tensor.GgmlType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every model the service can run and every model it has in memory. Checkpoints are registered by name and the
 * registrations are saved ({@link CheckpointRegistrations}), so they outlive a restart; registry architectures need
 * no registration. A registered checkpoint whose file cannot be read (it was moved away while the service was down)
 * stays registered and is shown as unavailable until its file is back or it is deleted. A model is loaded on first
 * use and stays loaded while the memory budget allows: loading one that does not fit unloads the least recently used models that no
 * request holds. A model whose weights and KV cache alone exceed the budget is refused with the estimate.
 */
@Service
public class ModelCatalog {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    private final ModelDirectories directories;
    private final RegistryArchitectures registry;
    private final ModelLoader loader;
    private final InferenceProperties properties;
    private final long budget;
    private final CheckpointRegistrations store;
    // Changed only under registrationLock, and only once the change is saved.
    private final Map<String, CheckpointRegistrations.Registration> registrations = new ConcurrentHashMap<>();
    private final Object registrationLock = new Object();
    // The registered checkpoints whose headers were read, and why the others could not be.
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();
    private final Map<String, ModelTokenizer> tokenizers = new ConcurrentHashMap<>();

    // Guarded by this.
    private final Map<String, LoadedModel> loaded = new HashMap<>();
    private final Map<String, CompletableFuture<LoadedModel>> loading = new HashMap<>();
    private final List<LoadedModel> retiring = new ArrayList<>();
    private long reserved;

    ModelCatalog(ModelDirectories directories, RegistryArchitectures registry, ModelLoader loader, InferenceProperties properties,
                 CheckpointRegistrations store, MeterRegistry meters) {
        this.directories = directories;
        this.store = store;
        this.registry = registry;
        this.loader = loader;
        this.properties = properties;
        this.budget = properties.memoryBudget().toBytes();
        Gauge.builder("archlab.inference.models.loaded", this, c -> c.inMemory().size()).register(meters);
        Gauge.builder("archlab.inference.model.memory", this, c -> c.inMemory().stream().mapToLong(LoadedModel::weightBytes).sum())
                .baseUnit("bytes").description("weights of the loaded models").register(meters);
        Gauge.builder("archlab.inference.kv.cache", this, c -> c.inMemory().stream().mapToLong(LoadedModel::kvCacheBytes).sum())
                .baseUnit("bytes").description("KV caches allocated by the loaded models").register(meters);
        restore();
    }

    /** Reads back the saved registrations: only their headers, weights load on first use as before the restart. */
    private void restore() {
        long start = System.nanoTime();
        var saved = store.load();
        for (var registration : saved) {
            registrations.put(registration.name(), registration);
            try {
                checkpoints.put(registration.name(), open(registration));
            } catch (ApiProblem e) {
                unreadable.put(registration.name(), e.getMessage());
                log.warn("checkpoint {} is registered but cannot be read: {}", registration.name(), e.getMessage());
            }
        }
        if (!saved.isEmpty()) {
            log.info("{} registered checkpoints restored ({} unavailable) in {} ms", saved.size(), unreadable.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Checkpoint open(CheckpointRegistrations.Registration registration) {
        return Checkpoint.read(registration.name(), directories.resolve(registration.path()), registration.registeredAt());
    }

    /**
     * The registered checkpoint of this name, reading its header again if it could not be read before; null when no
     * checkpoint is registered under the name.
     *
     * @throws ApiProblem 422 {@code checkpoint_unavailable} when it is registered but its file cannot be read
     */
    private Checkpoint registered(String name, String field) {
        Checkpoint checkpoint = checkpoints.get(name);
        if (checkpoint != null || !registrations.containsKey(name)) {
            return checkpoint;
        }
        synchronized (registrationLock) {
            var registration = registrations.get(name);
            if (registration == null) {
                return null;
            }
            try {
                checkpoint = open(registration);
            } catch (ApiProblem e) {
                unreadable.put(name, e.getMessage());
                throw unavailable(name, field);
            }
            unreadable.remove(name);
            checkpoints.put(name, checkpoint);
            return checkpoint;
        }
    }

    /** A checkpoint's file vanished or changed after it was read: it stays registered, shown with the reason. */
    private void markUnreadable(Checkpoint checkpoint, ApiProblem reason) {
        synchronized (registrationLock) {
            if (checkpoints.remove(checkpoint.name(), checkpoint)) {
                unreadable.put(checkpoint.name(), reason.getMessage());
                tokenizers.remove(checkpoint.key());
            }
        }
    }

    // The reason names server paths, so the caller is pointed at the model's own page (where admins see paths) instead.
    private static ApiProblem unavailable(String name, String field) {
        return ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, field, "checkpoint '" + name
                + "' is registered but its file cannot be read now (GET /api/v1/models/" + name
                + " says why); put the file back or delete the registration", "checkpoint_unavailable");
    }

    /**
     * What a request's {@code model} names: a registered checkpoint, else a registry architecture with random
     * weights in the dtype the name gives (or the default).
     */
    public ModelSource resolve(String model, String field) {
        if (model == null || model.isBlank()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "is required");
        }
        Checkpoint checkpoint = registered(model, field);
        if (checkpoint != null) {
            return checkpoint;
        }
        ModelName name = ModelName.parse(model, field);
        GgmlType dtype = name.dtype() != null ? name.dtype() : properties.defaultDtype();
        return architecture(name.name(), name.revision(), dtype, properties.weightSeed(), field);
    }

    /** A registry architecture ({@code name} or {@code name@revision}) with random weights of one format and seed. */
    public SeededArchitecture architecture(String model, GgmlType dtype, long seed, String field) {
        ModelName name = ModelName.parse(model, field);
        if (name.dtype() != null && name.dtype() != dtype) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "names dtype " + name.dtype() + " but " + dtype + " was asked for");
        }
        return architecture(name.name(), name.revision(), dtype, seed, field);
    }

    private SeededArchitecture architecture(String name, Integer revision, GgmlType dtype, long seed, String field) {
        return new SeededArchitecture(registry.fetch(name, revision, field), dtype, seed);
    }

    /** A registered checkpoint. */
    public Checkpoint checkpoint(String name, String field) {
        Checkpoint checkpoint = registered(name, field);
        if (checkpoint == null) {
            throw ApiProblem.field(HttpStatus.NOT_FOUND, field, "no checkpoint is registered as '" + name + "'", "model_not_found");
        }
        return checkpoint;
    }

    public Optional<Checkpoint> findCheckpoint(String name) {
        return Optional.ofNullable(checkpoints.get(name));
    }

    /** A model's tokenizer, whether or not the model is loaded (tokenizers are immutable and made once). */
    public ModelTokenizer tokenizer(ModelSource source) {
        return tokenizers.computeIfAbsent(source.key(), key -> ModelTokenizer.of(source));
    }

    /** Positions a model's KV cache is allocated for when it serves requests. */
    public int context(ArchitectureSpec spec) {
        int context = Math.min(properties.defaultContext(), properties.limits().maxContext());
        return spec.maxContext() > 0 ? Math.min(context, spec.maxContext()) : context;
    }

    /** Weights and KV cache in the server's KV cache format ({@code archlab.inference.kv-dtype}). */
    public MemoryEstimate estimate(ModelSource source, int context) {
        return MemoryEstimate.of(source, context, properties.kvDtype());
    }

    /**
     * The estimate, once it is known to fit the budget on its own.
     *
     * @throws ApiProblem 422 with the estimate when the model cannot fit the budget even alone
     */
    public MemoryEstimate requireFits(ModelSource source, int context, String field) {
        return requireFits(source, context, 1, properties.kvDtype(), field);
    }

    /**
     * As {@link #requireFits(ModelSource, int, String)}, with {@code sequences} KV caches of {@code context} positions
     * in {@code kvType}.
     */
    public MemoryEstimate requireFits(ModelSource source, int context, int sequences, KvCacheType kvType, String field) {
        MemoryEstimate base = MemoryEstimate.of(source, context, kvType);
        MemoryEstimate estimate = new MemoryEstimate(base.weightBytes(), base.streamableWeightBytes(),
                Math.multiplyExact(base.kvCacheBytes(), (long) sequences), context);
        if (estimate.totalBytes() > budget) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, source.id() + " needs " + estimate
                    + ", more than the memory budget of " + budget + " bytes",
                    List.of(new ApiProblem.FieldError(field, "needs " + estimate.totalBytes() + " bytes; the budget is " + budget)),
                    "model_too_large", null);
        }
        return estimate;
    }

    /** Holds the model, loading it first if it is not in memory. Close the lease when done. */
    public ModelLease acquire(ModelSource source) {
        while (true) {
            CompletableFuture<LoadedModel> pending;
            boolean ours = false;
            MemoryEstimate estimate = null;
            synchronized (this) {
                LoadedModel model = loaded.get(source.key());
                if (model != null) {
                    return lease(model);
                }
                pending = loading.get(source.key());
                if (pending == null) {
                    estimate = requireFits(source, context(source.spec()), "model");
                    makeRoom(estimate.totalBytes());
                    reserved += estimate.totalBytes();
                    pending = new CompletableFuture<>();
                    loading.put(source.key(), pending);
                    ours = true;
                }
            }
            if (ours) {
                return load(source, estimate, pending);
            }
            try {
                pending.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            // Loaded by another request; take it from the map (it may already have been unloaded again).
        }
    }

    private ModelLease load(ModelSource source, MemoryEstimate estimate, CompletableFuture<LoadedModel> pending) {
        LoadedModel model;
        try {
            if (source instanceof Checkpoint checkpoint) {
                try {
                    directories.resolve(checkpoint.path().toString());
                } catch (ApiProblem e) {
                    markUnreadable(checkpoint, e);
                    throw unavailable(checkpoint.name(), "model");
                }
            }
            model = loader.load(source, tokenizer(source), estimate.context());
        } catch (RuntimeException e) {
            synchronized (this) {
                loading.remove(source.key());
                reserved -= estimate.totalBytes();
            }
            pending.completeExceptionally(e);
            throw e;
        }
        synchronized (this) {
            loading.remove(source.key());
            reserved -= estimate.totalBytes();
            loaded.put(source.key(), model);
            pending.complete(model);
            return lease(model);
        }
    }

    private ModelLease lease(LoadedModel model) {
        model.leases++;
        model.lastUsedNanos = System.nanoTime();
        return new ModelLease(model, this);
    }

    synchronized void release(LoadedModel model) {
        model.leases--;
        model.lastUsedNanos = System.nanoTime();
        if (model.leases == 0 && retiring.remove(model)) {
            unload(model);
        }
    }

    /** Unloads idle models, least recently used first, until {@code bytes} more fit the budget. */
    private void makeRoom(long bytes) {
        while (used() + bytes > budget) {
            LoadedModel victim = loaded.values().stream().filter(m -> m.leases == 0)
                    .min(Comparator.comparingLong(m -> m.lastUsedNanos)).orElse(null);
            if (victim == null) {
                throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "the memory budget (" + budget + " bytes) is held by models in use; "
                        + bytes + " more bytes are needed", "insufficient_memory", properties.limits().retryAfter());
            }
            log.info("unloading {} (least recently used) to make room for {} bytes", victim.id(), bytes);
            loaded.remove(victim.source().key());
            unload(victim);
        }
    }

    private long used() {
        return reserved + inMemory().stream().mapToLong(LoadedModel::memoryBytes).sum();
    }

    private synchronized List<LoadedModel> inMemory() {
        var all = new ArrayList<>(loaded.values());
        all.addAll(retiring);
        return all;
    }

    private void unload(LoadedModel model) {
        try {
            model.close();
        } catch (RuntimeException e) {
            log.warn("unloading {} failed", model.id(), e);
        }
    }

    /**
     * Registers a checkpoint under a name, after checking its path against the allowed directories and reading
     * its header; weights are loaded on first use.
     */
    public Checkpoint register(String name, String path) {
        if (name == null || !ModelName.NAME.matcher(name).matches()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "name", "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Checkpoint checkpoint = Checkpoint.read(name, directories.resolve(path));
        requireFits(checkpoint, context(checkpoint.spec()), "path");
        synchronized (registrationLock) {
            if (registrations.containsKey(name)) {
                throw ApiProblem.field(HttpStatus.CONFLICT, "name", "a checkpoint is already registered as '" + name
                        + "'; delete it first", "model_exists");
            }
            var registration = new CheckpointRegistrations.Registration(name, checkpoint.path().toString(), checkpoint.registeredAt());
            var saved = new HashMap<>(registrations);
            saved.put(name, registration);
            store.save(saved.values());
            registrations.put(name, registration);
            checkpoints.put(name, checkpoint);
        }
        return checkpoint;
    }

    /**
     * Forgets a registered checkpoint and unloads every loaded model the name stands for (a checkpoint, or
     * random-weight builds of a registry architecture); a model in use is unloaded when its last request ends.
     *
     * @return whether anything was known by that name
     */
    public boolean remove(String name) {
        boolean known = unregister(name);
        synchronized (this) {
            return unloadModelsNamed(name) || known;
        }
    }

    private boolean unregister(String name) {
        synchronized (registrationLock) {
            if (!registrations.containsKey(name)) {
                return false;
            }
            var saved = new HashMap<>(registrations);
            saved.remove(name);
            store.save(saved.values());
            registrations.remove(name);
            unreadable.remove(name);
            Checkpoint removed = checkpoints.remove(name);
            if (removed != null) {
                tokenizers.remove(removed.key());
            }
            return true;
        }
    }

    private boolean unloadModelsNamed(String name) {
        boolean known = false;
        for (var it = loaded.values().iterator(); it.hasNext(); ) {
            LoadedModel model = it.next();
            if (stands(name, model)) {
                it.remove();
                known = true;
                if (model.leases == 0) {
                    unload(model);
                } else {
                    retiring.add(model);
                }
            }
        }
        return known;
    }

    private static boolean stands(String name, LoadedModel model) {
        return switch (model.source()) {
            case Checkpoint c -> c.name().equals(name);
            case SeededArchitecture a -> a.id().equals(name) || a.architecture().name().equals(name);
        };
    }

    /** The loaded model a name stands for, if any; it is not leased. */
    public synchronized List<LoadedModel> loaded(String name) {
        return loaded.values().stream().filter(m -> stands(name, m)).toList();
    }

    /** Registered checkpoints whose files cannot be read now, with the reason, in name order. */
    public List<Unreadable> unreadable() {
        return unreadable.entrySet().stream().filter(e -> registrations.containsKey(e.getKey()))
                .map(e -> new Unreadable(registrations.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(u -> u.registration().name())).toList();
    }

    /** A registered checkpoint whose file could not be read, and why. */
    record Unreadable(CheckpointRegistrations.Registration registration, String reason) {
    }

    /** Registered checkpoints that can be read, in name order. */
    public List<Checkpoint> checkpoints() {
        return checkpoints.values().stream().sorted(Comparator.comparing(Checkpoint::name)).toList();
    }

    /** Models in memory, most recently used first. */
    public synchronized List<LoadedModel> loaded() {
        return loaded.values().stream().sorted(Comparator.comparingLong((LoadedModel m) -> m.lastUsedNanos).reversed()).toList();
    }

    public long budget() {
        return budget;
    }

    @PreDestroy
    synchronized void unloadAll() {
        loaded.values().forEach(this::unload);
        loaded.clear();
    }
}
