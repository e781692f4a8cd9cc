package org.archlab.inference.tensor;

import java.util.Optional;

/** Where a model's weights come from, by GGUF tensor name: a checkpoint file or generated random weights. */
public interface TensorSource {

    Optional<WeightTensor> find(String name);

    /** The tensor, or an exception that names the source and the missing tensor. */
    WeightTensor tensor(String name);
}
