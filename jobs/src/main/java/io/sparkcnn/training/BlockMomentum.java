package io.sparkcnn.training;

/**
 * Block momentum (blockwise model-update filtering, Chen &amp; Huo 2016, "Scalable training of deep learning machines
 * by incremental block training with intra-block parallel optimization and blockwise model-update filtering"): the
 * replicas' mean is not adopted as it is, but read as one step of a slower optimiser with momentum. With
 * {@code x} the parameters every replica started the round from and {@code mean} the replicas' mean after it,
 * <pre>
 *   d = mean - x
 *   v = momentum * v + blockRate * d
 *   x' = x + v                      (classic)
 *   x' = x + v + momentum * v       (Nesterov: the next round starts from the look-ahead point)
 * </pre>
 * and every replica starts the next round from {@code x'}. Over many rounds of similar {@code d} the network moves
 * {@code blockRate / (1 - momentum)} times as far as plain averaging would: the paper's {@code momentum = 1 - 1/K}
 * for {@code K} workers gives back the factor of {@code K} that averaging {@code K} replicas' steps costs (each
 * replica takes only {@code 1/K} of an epoch's steps). Slow momentum (Wang et al. 2020, SlowMo) is the same update
 * with the slow learning rate as {@code blockRate}. The optimiser's state (Adam's moments) is averaged as before.
 *
 * <p>Computed in float, element by element, in a fixed order: the same sum gives the same state on any machine.
 */
public final class BlockMomentum implements AveragingRule {
    public static final String MOMENTUM_PROPERTY = "spark-cnn.averaging.block-momentum";
    public static final String BLOCK_RATE_PROPERTY = "spark-cnn.averaging.block-lr";
    public static final String NESTEROV_PROPERTY = "spark-cnn.averaging.nesterov";

    private final float momentum;
    private final float blockRate;
    private final boolean nesterov;
    /** The parameters every replica started the current round from (null before {@link #begin}). */
    private float[] start;
    private float[] velocity;
    /** {@code start} and {@code velocity} at the last {@link #mark}. */
    private float[][] marked;

    public BlockMomentum(double momentum, double blockRate, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1) || !(blockRate > 0)) {
            throw new IllegalArgumentException("block momentum must be in [0, 1) and the block learning rate above 0: "
                    + momentum + ", " + blockRate);
        }
        this.momentum = (float) momentum;
        this.blockRate = (float) blockRate;
        this.nesterov = nesterov;
    }

    /**
     * For {@code workers} replicas: momentum {@code 1 - 1/workers}, block learning rate 1, Nesterov (the paper's
     * recommendation), each overridable by its system property.
     */
    static BlockMomentum forWorkers(int workers) {
        double momentum = Double.parseDouble(System.getProperty(MOMENTUM_PROPERTY,
                String.valueOf(1.0 - 1.0 / workers)));
        double blockRate = Double.parseDouble(System.getProperty(BLOCK_RATE_PROPERTY, "1"));
        boolean nesterov = Boolean.parseBoolean(System.getProperty(NESTEROV_PROPERTY, "true"));
        return new BlockMomentum(momentum, blockRate, nesterov);
    }

    @Override
    public synchronized void begin(float[] parameters) {
        start = parameters.clone();
        if (velocity == null || velocity.length != parameters.length) {
            velocity = new float[parameters.length]; // a new network (or a resumed run): no momentum yet
        }
    }

    @Override
    public synchronized StateSum next(StateSum sum) {
        if (sum.count() == 0) {
            return sum;
        }
        if (start == null) {
            throw new IllegalStateException("block momentum needs the round's starting parameters: call begin first");
        }
        float[] mean = sum.meanParameters();
        if (mean.length != start.length) {
            throw new IllegalStateException("replicas returned " + mean.length + " parameters, the network has "
                    + start.length);
        }
        float[] next = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            float v = momentum * velocity[i] + blockRate * (mean[i] - start[i]);
            velocity[i] = v;
            next[i] = nesterov ? start[i] + v + momentum * v : start[i] + v;
        }
        start = next.clone();
        return sum.withParameters(next);
    }

    @Override
    public synchronized void mark() {
        marked = new float[][] {start == null ? null : start.clone(), velocity == null ? null : velocity.clone()};
    }

    @Override
    public synchronized void rewind() {
        if (marked != null) {
            start = marked[0] == null ? null : marked[0].clone();
            velocity = marked[1] == null ? null : marked[1].clone();
        }
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "block momentum %s (momentum %.4f, block learning rate %.4g)",
                nesterov ? "Nesterov" : "classic", momentum, blockRate);
    }
}
