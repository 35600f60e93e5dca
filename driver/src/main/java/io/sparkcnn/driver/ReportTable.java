package io.sparkcnn.driver;

import java.util.List;

import io.sparkcnn.evaluation.ClassificationReport;

/** The final evaluation as text for the terminal: per-class figures, then the confusion matrix. */
final class ReportTable {
    private ReportTable() {
    }

    static String format(ClassificationReport report) {
        StringBuilder sb = new StringBuilder();
        // Wide enough for "9 Ankle boot" in the matrix rows.
        int width = 3 + report.perClass().stream().mapToInt(c -> c.name().length()).max().orElse(5);
        sb.append(String.format("%-" + width + "s  precision  recall     f1  support%n", "class"));
        for (ClassificationReport.ClassFigures c : report.perClass()) {
            sb.append(String.format("%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n",
                    c.name(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        sb.append(String.format("%-" + width + "s  accuracy %.4f, macro F1 %.4f, test loss %.4f, %d images%n%n",
                "all", report.testAccuracy(), report.macroF1(), report.testLoss(), report.examples()));
        sb.append("confusion matrix (rows: actual, columns: predicted)\n");
        int[][] m = report.confusionMatrix();
        List<ClassificationReport.ClassFigures> classes = report.perClass();
        sb.append(String.format("%-" + width + "s", ""));
        for (int p = 0; p < m.length; p++) {
            sb.append(String.format(" %5d", p));
        }
        sb.append('\n');
        for (int a = 0; a < m.length; a++) {
            String name = classes.get(a).name();
            sb.append(String.format("%-" + width + "s", name.equals(Integer.toString(a)) ? name : a + " " + name));
            for (int p = 0; p < m.length; p++) {
                sb.append(String.format(" %5d", m[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
