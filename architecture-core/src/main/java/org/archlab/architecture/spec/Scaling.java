package org.archlab.architecture.spec;

/**
 * How far a scaled variant shrank its original: the layers and routed experts it kept of how many.
 *
 * @param layers       layers the variant has
 * @param totalLayers  layers the original has
 * @param experts      routed experts the variant has ({@code null} for a dense model)
 * @param totalExperts routed experts the original has ({@code null} for a dense model)
 */
public record Scaling(int layers, int totalLayers, Integer experts, Integer totalExperts) {

    /** What {@code scaled} kept of {@code original}. */
    public static Scaling between(ArchitectureSpec original, ArchitectureSpec scaled) {
        return new Scaling(scaled.layers(), original.layers(), scaled.hasMoe() ? scaled.moe().experts() : null,
                original.hasMoe() ? original.moe().experts() : null);
    }

    /** Whether nothing was dropped. */
    public boolean whole() {
        return layers == totalLayers && (experts == null || experts.equals(totalExperts));
    }

    /** Layers kept over layers in all, the factor by which the layer stack shrank. */
    public double layerFactor() {
        return (double) layers / totalLayers;
    }

    /** e.g. {@code 8 of 61 layers, 16 of 256 experts}. */
    @Override
    public String toString() {
        return layers + " of " + totalLayers + " layers" + (experts == null ? "" : ", " + experts + " of " + totalExperts + " experts");
    }
}
