package io.sparkcnn.evaluation;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.evaluation.classification.Evaluation;

/**
 * The final figures of a classifier on a test set, in a form that serialises to plain JSON: accuracy, per-class
 * precision, recall and F1, and the confusion matrix (rows: actual class, columns: predicted class).
 */
public record ClassificationReport(double testAccuracy, double testLoss, double macroF1, int examples,
                                   List<ClassFigures> perClass, int[][] confusionMatrix) {

    public record ClassFigures(int label, String name, double precision, double recall, double f1, int support) {
    }

    public static ClassificationReport of(Evaluation eval, double testLoss, List<String> labelNames) {
        int n = labelNames.size();
        int[][] confusion = new int[n][n];
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                confusion[actual][predicted] = eval.getConfusionMatrix().getCount(actual, predicted);
            }
        }
        List<ClassFigures> perClass = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int support = 0;
            for (int p = 0; p < n; p++) {
                support += confusion[c][p];
            }
            perClass.add(new ClassFigures(c, labelNames.get(c), zeroIfNaN(eval.precision(c)),
                    zeroIfNaN(eval.recall(c)), zeroIfNaN(eval.f1(c)), support));
        }
        double macroF1 = perClass.stream().mapToDouble(ClassFigures::f1).average().orElse(0);
        return new ClassificationReport(eval.accuracy(), testLoss, macroF1, eval.getNumRowCounter(), perClass,
                confusion);
    }

    /** DL4J reports NaN for a class never predicted; 0 is the conventional value and keeps the JSON valid. */
    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
