package io.sparkcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** md5 sums of files as stored and of their uncompressed contents. */
public final class Md5 {
    private Md5() {
    }

    /** md5 of the bytes on disk. */
    public static String ofFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read for its md5", e);
        }
    }

    /** md5 of the file's contents after gunzip (or as they are, for a file that is not gzipped). */
    public static String ofContents(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return digest(in);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be decompressed to check its md5 (" + e.getMessage() + ")", e);
        }
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static String digest(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
