package org.archlab.inference.model;

import java.util.Optional;

/**
 * A kernel backend that can also run whole decode steps of a dense model on its device (TornadoVM). The
 * transformer asks before each sequence; empty means the backend cannot (a format or size it does not stack), and
 * the transformer calls the backend kernel by kernel instead.
 */
public interface ResidentDecoding {

    /**
     * A decoder for this layout: the same one (and its cache) each time the same layout is asked for, since a
     * sequence continues across calls. A backend may keep one at a time: asking for another layout or context
     * length closes the previous one, whose cache is then lost.
     */
    Optional<ResidentDecoder> residentDecoder(DenseDecoderLayout layout);
}
