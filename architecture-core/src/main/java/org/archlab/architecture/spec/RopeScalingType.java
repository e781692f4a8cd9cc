package org.archlab.architecture.spec;

/** The RoPE context-extension methods of the catalog. */
public enum RopeScalingType {
    LINEAR, LLAMA3, YARN
}
