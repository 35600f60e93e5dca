package io.sparkcnn.layers.kernels;

import java.util.Optional;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The activations the fast layers fuse into their output loop. Each one's derivative is a function of its OUTPUT,
 * so backprop needs only the activations kept from the forward pass.
 */
public enum PointwiseActivation {
    IDENTITY, RELU, TANH, SIGMOID;

    /** The fused equivalent of a DL4J activation; empty for anything else (the layer then uses DL4J's code). */
    public static Optional<PointwiseActivation> of(IActivation a) {
        if (a instanceof ActivationIdentity) {
            return Optional.of(IDENTITY);
        }
        // A plain ReLU only: DL4J's ReLU also has max-value, threshold and negative-slope variants.
        if (a instanceof ActivationReLU relu && relu.equals(new ActivationReLU())) {
            return Optional.of(RELU);
        }
        if (a instanceof ActivationTanH) {
            return Optional.of(TANH);
        }
        if (a instanceof ActivationSigmoid) {
            return Optional.of(SIGMOID);
        }
        return Optional.empty();
    }

    /** Applies the activation in place to {@code v[from, to)}. */
    public void apply(float[] v, int from, int to) {
        apply(v, v, from, to);
    }

    /** {@code out[i] = f(z[i])} for i in [from, to); {@code out} may be {@code z}. */
    public void apply(float[] z, float[] out, int from, int to) {
        switch (this) {
            case IDENTITY -> {
                if (out != z) {
                    System.arraycopy(z, from, out, from, to - from);
                }
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(z[i], 0f);
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.tanh(z[i]);
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    out[i] = (float) (1 / (1 + Math.exp(-z[i])));
                }
            }
            default -> throw new IllegalStateException("unexpected activation " + this);
        }
    }

    /** {@code eps * f'(z)} for one element, f' computed from the output {@code out} = f(z). */
    public float backpropAt(float eps, float out) {
        return switch (this) {
            case IDENTITY -> eps;
            // As in backprop below: the output is never negative or -0, so "> 0" is "its bits are a positive int".
            case RELU -> Float.intBitsToFloat(Float.floatToRawIntBits(eps) & (-Float.floatToRawIntBits(out) >> 31));
            case TANH -> eps * (1 - out * out);
            case SIGMOID -> eps * out * (1 - out);
        };
    }

    /**
     * {@code dz[dzAt + i] = eps[epsAt + i] * f'(z)} for i in [0, len), f' computed from the output {@code out}
     * (which is laid out like {@code eps}).
     */
    public void backprop(float[] eps, float[] out, int epsAt, float[] dz, int dzAt, int len) {
        switch (this) {
            case IDENTITY -> System.arraycopy(eps, epsAt, dz, dzAt, len);
            case RELU -> {
                // f' is 1 where the output is > 0, else 0. The output is never negative or -0 (Math.max(z, 0f)), so
                // "> 0" is "its bits are a positive int", and the gradient is kept by an all-ones mask:
                // (-bits) >> 31. The JIT vectorises this; a comparison compiled to a branch that half the elements
                // mispredict (5x slower here).
                for (int i = 0; i < len; i++) {
                    int mask = -Float.floatToRawIntBits(out[epsAt + i]) >> 31;
                    dz[dzAt + i] = Float.intBitsToFloat(Float.floatToRawIntBits(eps[epsAt + i]) & mask);
                }
            }
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    float a = out[epsAt + i];
                    dz[dzAt + i] = eps[epsAt + i] * (1 - a * a);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    float a = out[epsAt + i];
                    dz[dzAt + i] = eps[epsAt + i] * a * (1 - a);
                }
            }
            default -> throw new IllegalStateException("unexpected activation " + this);
        }
    }
}
