package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders (DIR/train/CLASS/*.png, DIR/test/CLASS/...) and Parquet files of pictures as datasets. */
class ImageFolderTest {
    private static final List<String> PETS = List.of("bird", "cat", "dog");

    @TempDir
    Path dir;

    private static ResolvedDataset resolve(Path dataDir) {
        return DatasetResolver.standard(message -> { }).resolve("mine", Optional.of(dataDir));
    }

    @Test
    void classesAreTheSortedFolderNamesAndPixelsArriveExactly() throws IOException {
        ImageShape rgb = new ImageShape(10, 12, ImageShape.RGB);
        PictureFixtures.writeFolder(dir, List.of("dog", "cat", "bird"), 9, 6, rgb);
        Files.writeString(dir.resolve("train/cat/notes.txt"), "not a picture: skipped");
        ResolvedDataset data = resolve(dir);
        assertEquals(PETS, data.labelNames(), "sorted, as torchvision's ImageFolder sorts them");
        assertEquals(rgb, data.shape());
        LabeledImages train = data.loadTrain();
        assertEquals(9, train.size());
        // dog, cat, bird were written cycling from 0000.png: bird's first picture is 0002.png.
        int[] labels = IdxFixtures.cyclicLabels(9, 3);
        byte[] expected = IdxFixtures.learnablePixels(labels, 3, rgb, 1);
        byte[] first = new byte[rgb.pixels()];
        train.copyRawPixels(0, first, 0);
        assertEquals(0, train.label(0));
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 2 * rgb.pixels(), 3 * rgb.pixels()), first);
        assertEquals(6, data.loadTest(0).size());
    }

    @Test
    void grayPicturesMakeAGrayDataset() throws IOException {
        PictureFixtures.writeFolder(dir, PETS, 6, 3, new ImageShape(8, 8, ImageShape.GRAY));
        assertEquals(new ImageShape(8, 8, ImageShape.GRAY), resolve(dir).loadTrain().shape());
    }

    @Test
    void anImageOfAnotherSizeIsNamedWithTheSizeExpected() throws IOException {
        PictureFixtures.writeFolder(dir, PETS, 6, 3, new ImageShape(8, 8, ImageShape.GRAY));
        Path odd = dir.resolve("train/dog/0005.png");
        Files.write(odd, PictureFixtures.png(new java.awt.image.BufferedImage(9, 8,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY)));
        DataException e = assertThrows(DataException.class, () -> resolve(dir).loadTrain());
        assertTrue(e.getMessage().startsWith(odd + ": 8x9 pixels, expected 8x8 like the first training image "),
                e.getMessage());
    }

    @Test
    void aClassFolderWithoutImagesIsNamed() throws IOException {
        PictureFixtures.writeFolder(dir, PETS, 6, 3, new ImageShape(8, 8, ImageShape.GRAY));
        Files.createDirectories(dir.resolve("train/emu"));
        Files.writeString(dir.resolve("train/emu/readme.txt"), "no pictures here");
        DataException e = assertThrows(DataException.class, () -> resolve(dir).loadTrain());
        assertTrue(e.getMessage().startsWith(dir.resolve("train/emu") + ": no images in this class folder"),
                e.getMessage());
    }

    @Test
    void anUnreadableImageIsNamed() throws IOException {
        PictureFixtures.writeFolder(dir, PETS, 6, 3, new ImageShape(8, 8, ImageShape.GRAY));
        Path broken = dir.resolve("test/cat/0001.png");
        Files.writeString(broken, "this is not a PNG");
        DataException e = assertThrows(DataException.class, () -> resolve(dir).loadTest(0));
        assertTrue(e.getMessage().startsWith(broken + " is not an image"), e.getMessage());
    }

    @Test
    void aTestClassUnknownToTrainingIsNamed() throws IOException {
        PictureFixtures.writeFolder(dir, PETS, 6, 3, new ImageShape(8, 8, ImageShape.GRAY));
        Files.move(dir.resolve("test/cat"), dir.resolve("test/zebra"));
        DataException e = assertThrows(DataException.class, () -> resolve(dir).loadTest(0));
        assertTrue(e.getMessage().startsWith(dir.resolve("test/zebra") + ": class 'zebra' is not one of the training"
                + " classes"), e.getMessage());
    }

    @Test
    void parquetWithClassNamesOrNumbers() throws IOException {
        ImageShape rgb = new ImageShape(6, 6, ImageShape.RGB);
        ResolvedDataset named = resolve(PictureFixtures.writeParquet(dir.resolve("named"), List.of("dog", "cat",
                "bird"), 9, 6, rgb, true));
        assertEquals(PETS, named.labelNames());
        assertEquals(rgb, named.shape());
        LabeledImages train = named.loadTrain();
        assertEquals(List.of(2, 1, 0), List.of(train.label(0), train.label(1), train.label(2)), "dog, cat, bird");
        ResolvedDataset numbered = resolve(PictureFixtures.writeParquet(dir.resolve("numbered"), PETS, 9, 6, rgb,
                false));
        assertEquals(List.of("0", "1", "2"), numbered.labelNames());
        byte[] a = new byte[rgb.pixels()];
        byte[] b = new byte[rgb.pixels()];
        numbered.loadTest(0).copyRawPixels(4, a, 0);
        named.loadTest(0).copyRawPixels(4, b, 0);
        assertArrayEquals(a, b, "the same pictures either way");
    }

    @Test
    void aParquetTestLabelUnknownToTrainingIsNamed() throws IOException {
        Path data = dir.resolve("p");
        PictureFixtures.writeParquet(data, PETS, 6, 3, new ImageShape(6, 6, ImageShape.GRAY), true);
        PictureFixtures.writeParquet(dir.resolve("other"), List.of("bird", "cat", "emu"), 6, 3,
                new ImageShape(6, 6, ImageShape.GRAY), true);
        Files.copy(dir.resolve("other/test.parquet"), data.resolve("test.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DataException e = assertThrows(DataException.class, () -> resolve(data).loadTest(0));
        assertTrue(e.getMessage().startsWith(data.resolve("test.parquet") + " row 2: label 'emu' is not one of the"
                + " training classes"), e.getMessage());
    }

    @Test
    void parquetWithoutAnImageColumnNamesTheColumnsItHas() throws IOException {
        Path data = Files.createDirectories(dir.resolve("p"));
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message rows { required binary picture; required int32 label; }");
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> writer =
                     org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                             new org.apache.hadoop.fs.Path(data.resolve("train.parquet").toUri())).withType(schema)
                             .build()) {
            writer.write(new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema).newGroup()
                    .append("picture", org.apache.parquet.io.api.Binary.fromString("x")).append("label", 1));
        }
        DataException e = assertThrows(DataException.class, () -> resolve(data).loadTrain());
        assertTrue(e.getMessage().startsWith(data.resolve("train.parquet") + " row 0: no image column (expected one"
                + " named image or img); columns: [picture, label]"), e.getMessage());
    }

    @Test
    void parquetInSparksImageSchemaIsReadBlueGreenRed() throws IOException {
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message spark { required group image { optional binary origin (UTF8); required int32 height;"
                        + " required int32 width; required int32 nChannels; required int32 mode; required binary"
                        + " data; } required int32 label; }");
        Path data = Files.createDirectories(dir.resolve("spark"));
        for (String part : List.of("train", "test")) {
            Path file = Files.createDirectories(data.resolve(part)).resolve("part-00000.snappy.parquet");
            try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> writer =
                         org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                                 new org.apache.hadoop.fs.Path(file.toUri())).withType(schema).build()) {
                for (int label = 0; label < 2; label++) {
                    org.apache.parquet.example.data.Group row =
                            new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema).newGroup();
                    row.addGroup("image").append("origin", "x.png").append("height", 1).append("width", 2)
                            .append("nChannels", 3).append("mode", 16).append("data",
                                    org.apache.parquet.io.api.Binary.fromConstantByteArray(
                                            new byte[] {3, 2, (byte) (label + 1), 30, 20, 10}));
                    writer.write(row.append("label", label));
                }
            }
        }
        ResolvedDataset spark = resolve(data);
        assertEquals(new ImageShape(1, 2, ImageShape.RGB), spark.shape());
        byte[] planes = new byte[6];
        spark.loadTest(0).copyRawPixels(1, planes, 0);
        assertArrayEquals(new byte[] {2, 10, 2, 20, 3, 30}, planes, "red, green and blue planes from BGR pixels");
    }
}
