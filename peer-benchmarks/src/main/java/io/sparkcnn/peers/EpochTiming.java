package io.sparkcnn.peers;

/** One epoch's training time: only the batch loop, from the first step's start to the last step's end. */
public record EpochTiming(int epoch, double seconds, double imagesPerSecond) {

    public static EpochTiming of(int epoch, long nanos, int images) {
        double seconds = nanos / 1e9;
        return new EpochTiming(epoch, seconds, images / seconds);
    }
}
