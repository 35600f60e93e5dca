package io.sparkcnn.data;

/**
 * How the original datasets put an object into its 28x28 frame, so a user's picture can be prepared the same way.
 * MNIST fitted each digit into a 20x20 box and centred it by its centre of mass in the 28x28 frame (LeCun et al.);
 * Fashion-MNIST scaled each product so its longer side fills the frame and centred it (Xiao et al. 2017).
 */
public enum ImageFraming {
    DIGIT(20, true),
    GARMENT(28, false);

    private final int box;
    private final boolean centreOfMass;

    ImageFraming(int box, boolean centreOfMass) {
        this.box = box;
        this.centreOfMass = centreOfMass;
    }

    /** The longer side of the object after scaling, in pixels of a 28x28 frame. */
    public int box() {
        return box;
    }

    public boolean centreOfMass() {
        return centreOfMass;
    }

    /** Fashion-MNIST and its relatives are framed as garments, everything else as digits. */
    public static ImageFraming forDataset(String dataset) {
        return dataset.toLowerCase(java.util.Locale.ROOT).contains("fashion") ? GARMENT : DIGIT;
    }
}
